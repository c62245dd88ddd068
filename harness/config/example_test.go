package config_test

import (
	"fmt"

	"github.com/smokegate/smokegate/harness/config"
	"github.com/smokegate/smokegate/harness/runbook"
)

func ExampleLoad() {
	env := map[string]string{"SMOKE_TARGET": "remote", "SMOKE_API_URL": "https://api.example.com/", "SMOKE_SHOP_KEY": "s3cret"}
	cfg, err := config.Load(config.Source{Dir: "testdata-none",
		Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		// a runbook's variables; Runbooks names the folder that holds them
		Declared: []runbook.Variable{{Name: "SMOKE_SHOP_KEY", Purpose: "the shop's API key", Kind: runbook.Secret}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Target, cfg.APIURL, cfg.Secret("SMOKE_SHOP_KEY"))
	// Output: remote https://api.example.com [redacted]
}
