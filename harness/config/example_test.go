package config_test

import (
	"fmt"

	"github.com/smokegate/smokegate/harness/config"
)

func ExampleLoad() {
	env := map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://api.example.com", "SMOKE_JWT_SECRET": "s3cret"}
	cfg, err := config.Load(config.Source{Dir: "testdata-none", Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Target, cfg.APIURL, cfg.JWTSecret)
	// Output: remote https://api.example.com [redacted]
}
