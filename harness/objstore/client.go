package objstore

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/smokegate/smokegate/harness/config"
)

// Options says which bucket to read and how.
type Options struct {
	Endpoint  string        // the S3 endpoint, e.g. https://<account>.r2.cloudflarestorage.com
	AccessKey string        // an access key id with read access to the bucket
	SecretKey config.Secret // its secret access key
	Bucket    string        // the bucket's name
	Region    string        // default "auto", as R2 wants
	Timeout   time.Duration // of one call; default 10 s
	TLS       *tls.Config   // the roots to trust (SMOKE_CA_FILE); nil: the system's
}

// Client reads one bucket.
type Client struct {
	mc      *minio.Client
	bucket  string
	timeout time.Duration
}

// Object is one listed object.
type Object struct {
	Key      string
	Size     int64
	Modified time.Time
}

// New checks the options and returns a client. It makes no call.
func New(o Options) (*Client, error) {
	var errs []error
	for _, v := range []struct{ name, value string }{
		{"endpoint", o.Endpoint}, {"access key id", o.AccessKey},
		{"secret access key", o.SecretKey.Value()}, {"bucket", o.Bucket},
	} {
		if v.value == "" {
			errs = append(errs, fmt.Errorf("no %s", v.name))
		}
	}
	u, err := url.Parse(o.Endpoint)
	if o.Endpoint != "" && (err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https")) {
		errs = append(errs, fmt.Errorf("the endpoint %q is not an http(s) URL", o.Endpoint))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("bucket client: %w", err)
	}
	if o.Region == "" {
		o.Region = "auto"
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	mc, err := minio.New(u.Host, &minio.Options{
		Creds: credentials.NewStaticV4(o.AccessKey, o.SecretKey.Value(), ""), Secure: u.Scheme == "https",
		Region: o.Region, BucketLookup: minio.BucketLookupPath, MaxRetries: 1,
		Transport: &http.Transport{TLSClientConfig: o.TLS, Proxy: http.ProxyFromEnvironment, ResponseHeaderTimeout: o.Timeout},
	})
	if err != nil {
		return nil, fmt.Errorf("bucket client: %w", err)
	}
	return &Client{mc: mc, bucket: o.Bucket, timeout: o.Timeout}, nil
}

// List returns every object whose key starts with prefix.
func (c *Client) List(ctx context.Context, prefix string) ([]Object, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var out []Object
	for info := range c.mc.ListObjects(ctx, c.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if info.Err != nil {
			return nil, fmt.Errorf("list bucket %s: %w", c.bucket, info.Err)
		}
		out = append(out, Object{Key: info.Key, Size: info.Size, Modified: info.LastModified})
	}
	return out, nil
}

// ErrNotFound is an object that is not in the bucket.
var ErrNotFound = errors.New("no such object")

// Get reads an object, at most max bytes of it. An object that is not
// there is ErrNotFound.
func (c *Client) Get(ctx context.Context, key string, max int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	obj, err := c.mc.GetObject(ctx, c.bucket, key, minio.GetObjectOptions{})
	if err == nil {
		defer obj.Close()
		var b []byte
		b, err = io.ReadAll(io.LimitReader(obj, max))
		if err == nil {
			return b, nil
		}
	}
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return nil, fmt.Errorf("get %s from bucket %s: %w", key, c.bucket, ErrNotFound)
	}
	return nil, fmt.Errorf("get %s from bucket %s: %w", key, c.bucket, err)
}
