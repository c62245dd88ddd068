package d1

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	cfd1 "github.com/cloudflare/cloudflare-go/v6/d1"
	"github.com/cloudflare/cloudflare-go/v6/option"

	"github.com/smokegate/smokegate/harness/config"
)

// Options says which database to query and how.
type Options struct {
	APIURL     string        // Cloudflare's API, e.g. https://api.cloudflare.com/client/v4
	AccountID  string        // the account that owns the database
	DatabaseID string        // the database's id
	Token      config.Secret // an API token with D1 edit permission
	Timeout    time.Duration // of one query; default 10 s
	TLS        *tls.Config   // the roots to trust (SMOKE_CA_FILE); nil: the system's
}

// Client queries one D1 database.
type Client struct {
	svc      *cfd1.DatabaseService
	account  string
	database string
	timeout  time.Duration
}

// New checks the options and returns a client. It makes no call.
func New(o Options) (*Client, error) {
	var missing []error
	for _, v := range []struct{ name, value string }{
		{"API URL", o.APIURL}, {"account id", o.AccountID},
		{"database id", o.DatabaseID}, {"API token", o.Token.Value()},
	} {
		if v.value == "" {
			missing = append(missing, fmt.Errorf("no %s", v.name))
		}
	}
	if err := errors.Join(missing...); err != nil {
		return nil, fmt.Errorf("D1 client: %w", err)
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	httpClient := &http.Client{Timeout: o.Timeout, Transport: &http.Transport{TLSClientConfig: o.TLS, Proxy: http.ProxyFromEnvironment}}
	svc := cfd1.NewDatabaseService(
		option.WithBaseURL(o.APIURL), option.WithAPIToken(o.Token.Value()),
		option.WithHTTPClient(httpClient), option.WithRequestTimeout(o.Timeout), option.WithMaxRetries(1),
	)
	return &Client{svc: svc, account: o.AccountID, database: o.DatabaseID, timeout: o.Timeout}, nil
}

// Row is one result row, column name to value as D1 answers it (numbers
// come as float64).
type Row map[string]any

// Query runs one statement with positional parameters (?1 or ?) and
// returns its rows. The statement must be a constant of the caller's: the
// values go in params, never into the SQL.
func (c *Client) Query(ctx context.Context, sql string, params ...string) ([]Row, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if params == nil {
		params = []string{}
	}
	page, err := c.svc.Query(ctx, c.database, cfd1.DatabaseQueryParams{
		AccountID: cloudflare.F(c.account),
		Body:      cfd1.DatabaseQueryParamsBodyD1SingleQuery{Sql: cloudflare.F(sql), Params: cloudflare.F(params)},
	})
	if err != nil {
		return nil, fmt.Errorf("D1 query: %w", err)
	}
	var rows []Row
	for _, res := range page.Result {
		if !res.Success {
			return nil, fmt.Errorf("D1 query: the statement did not succeed")
		}
		for _, r := range res.Results {
			m, ok := r.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("D1 query: a row is %T, not an object", r)
			}
			rows = append(rows, Row(m))
		}
	}
	return rows, nil
}

// String is a column's text ("" when NULL or absent).
func (r Row) String(col string) string {
	switch v := r[col].(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

// Int is a column's integer; false when NULL, absent or not a whole number.
func (r Row) Int(col string) (int64, bool) {
	switch v := r[col].(type) {
	case float64:
		return int64(v), v == float64(int64(v))
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// Time reads a column of Unix seconds; the zero time when it holds none.
func (r Row) Time(col string) time.Time {
	n, ok := r.Int(col)
	if !ok {
		return time.Time{}
	}
	return time.Unix(n, 0)
}
