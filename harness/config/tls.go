package config

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// setCAFile reads SMOKE_CA_FILE, a PEM bundle of the private CAs the
// deployment's certificates chain to, and adds it to the system's roots.
// A file that cannot be read or holds no certificate is an error naming
// it, so a typo never falls back silently to the system roots alone.
func setCAFile(c *Config, path string) error {
	c.CAFile, c.caPool = path, nil
	if path == "" {
		return nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("names %s, which cannot be read: %w; point it at a PEM bundle or unset it", path, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("names %s, which holds no PEM certificate (-----BEGIN CERTIFICATE-----); point it at the CA's PEM bundle", path)
	}
	c.caPool = pool
	return nil
}

// TLS is the TLS configuration of every Go HTTP client of the harness: the
// system's roots, plus SMOKE_CA_FILE's certificates when it is set.
func (c *Config) TLS() *tls.Config {
	return &tls.Config{RootCAs: c.caPool, MinVersion: tls.VersionTLS12}
}
