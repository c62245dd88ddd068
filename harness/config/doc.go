// Package config turns the environment and the .env files into one
// validated Config.
//
// Values come from .env, then .env.<SMOKE_ENV>, then the real environment,
// the last one winning. Validation reports every problem at once, each
// naming its variable and what it is for. Secrets are held in the Secret
// type, which prints a mask in every format, so a Config can be logged.
package config
