package signin

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/smokegate/smokegate/harness"
)

func TestSignIn(t *testing.T) {
	s := check.Start(t, harness.Advice("check the Worker's JWT_SECRET (wrangler secret list) and the users table; roll back if this deploy changed auth"))
	cfg := s.Config()
	email, password := cfg.Get("SMOKE_TEST_EMAIL"), cfg.Secret("SMOKE_TEST_PASSWORD").Value()

	s.Step("POST /auth/login as the pre-made account")
	body := harness.API(s).Expect().POST("/auth/login").WithJSON(map[string]string{"email": email, "password": password}).
		Expect().Status(http.StatusOK).JSON().Object()
	token := body.Value("token").String().NotEmpty().Raw() // contract: field login:token (api)
	user := body.Value("user").Object()
	user.Value("email").IsEqual(email)   // contract: login.token (api); field login:user (api)
	user.Value("id").String().NotEmpty() // contract: field login:user (api)

	s.Step("its token reads /manuscripts")
	list := harness.API(s).WithToken(token).GET("/manuscripts").Expect().Status(http.StatusOK).JSON().Object().Value("manuscripts").Array() // contract: manuscripts.read (api)
	s.Property("signin.manuscripts", fmt.Sprint(len(list.Iter())))

	s.Step("a wrong password gets 401")
	harness.API(s).Expect().POST("/auth/login").WithJSON(map[string]string{"email": email, "password": "wrong-" + cfg.RunID}).
		Expect().Status(http.StatusUnauthorized) // contract: login.wrong (api)
}
