// Package answer holds PromptLens API answers to the contract's envelope:
// {"success": true, "data": {...}} for a success, {"success": false,
// "error": {"code", "message"}} for a refusal. A check calls it on the
// answer it already has and marks the call with the fields it covers.
package answer

import "github.com/gavv/httpexpect/v2"

// Data checks a success answer's envelope (success is true) and returns
// its data object.
func Data(r *httpexpect.Response) *httpexpect.Object {
	body := r.JSON().Object()
	body.Value("success").IsEqual(true)
	return body.Value("data").Object()
}

// Failed checks a refusal's envelope (success is false, the error has a
// code and a message, both non-empty strings) and returns the error's
// code.
func Failed(r *httpexpect.Response) *httpexpect.String {
	body := r.JSON().Object()
	body.Value("success").IsEqual(false)
	e := body.Value("error").Object()
	e.Value("message").String().NotEmpty()
	return e.Value("code").String().NotEmpty()
}
