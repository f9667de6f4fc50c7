package portal

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Defaults of a Client.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultExportTimeout = 5 * time.Minute
	DefaultPerHost       = 2
	DefaultRetries       = 3
	DefaultBackoff       = time.Second
	DefaultMaxWait       = 30 * time.Second
	// DefaultMaxJSON caps one catalogue page (Opendatasoft asks at most 100
	// datasets a page, data.gouv.fr 100 too): far above a real page.
	DefaultMaxJSON = 16 << 20
	// DefaultMaxCSV caps a downloaded CSV export.
	DefaultMaxCSV = 256 << 20
)

// Client talks to the portals. Its zero value is not usable: call New. The
// fields may be changed before the first request (tests shorten them).
type Client struct {
	// HTTP is the client used; New gives it a transport of its own.
	HTTP *http.Client
	// UserAgent is sent with every request: "codal/<version>".
	UserAgent string
	// Timeout bounds one catalogue request (headers and body);
	// ExportTimeout one CSV download.
	Timeout, ExportTimeout time.Duration
	// PerHost is the number of requests in flight to one host at most.
	PerHost int
	// Retries is how many times a 429, a 5xx or a network error is retried.
	Retries int
	// Backoff is the first wait between two tries (doubled each time);
	// MaxWait caps any wait, Retry-After's included.
	Backoff, MaxWait time.Duration
	// MaxJSON and MaxCSV cap the bodies read.
	MaxJSON, MaxCSV int64

	mu    sync.Mutex
	hosts map[string]chan struct{}
}

// New returns a client with the defaults, whose User-Agent names codal's
// version. Its transport is a fresh one (never http.DefaultTransport, which
// other code could wrap), with no credential.
func New(version string) *Client {
	if version == "" {
		version = "dev"
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: DefaultTimeout,
		IdleConnTimeout:       60 * time.Second,
		MaxIdleConnsPerHost:   DefaultPerHost,
		ForceAttemptHTTP2:     true,
	}
	return &Client{
		HTTP:      &http.Client{Transport: tr},
		UserAgent: "codal/" + version + " (+https://github.com/gpso/codal)",
		Timeout:   DefaultTimeout, ExportTimeout: DefaultExportTimeout,
		PerHost: DefaultPerHost, Retries: DefaultRetries,
		Backoff: DefaultBackoff, MaxWait: DefaultMaxWait,
		MaxJSON: DefaultMaxJSON, MaxCSV: DefaultMaxCSV,
	}
}

// slot takes one of the host's request slots; the function returned gives
// it back.
func (c *Client) slot(ctx context.Context, host string) (func(), error) {
	c.mu.Lock()
	if c.hosts == nil {
		c.hosts = map[string]chan struct{}{}
	}
	sem, ok := c.hosts[host]
	if !ok {
		sem = make(chan struct{}, max(c.PerHost, 1))
		c.hosts[host] = sem
	}
	c.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// response is a body read under a host slot and a timeout; close releases
// both.
type response struct {
	*http.Response
	release func()
	cancel  context.CancelFunc
}

func (r *response) close() {
	r.Body.Close()
	r.cancel()
	r.release()
}

// get fetches raw, retrying 429, 5xx and network errors with backoff. The
// response returned has a 2xx status, or a 4xx other than 429 (the caller
// says what it means); its body must be closed with close.
func (c *Client) get(ctx context.Context, raw string, timeout time.Duration) (*response, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, i18n.Wrap(ErrRefused, i18n.T("adresse de portail invalide %q", "invalid portal address %q"), raw)
	}
	host := u.Host
	var last error
	for attempt := 0; ; attempt++ {
		release, err := c.slot(ctx, host)
		if err != nil {
			return nil, unreachable(host, err)
		}
		actx, cancel := context.WithTimeout(ctx, timeout)
		req, _ := http.NewRequestWithContext(actx, http.MethodGet, raw, nil)
		req.Header.Set("User-Agent", c.UserAgent)
		req.Header.Set("Accept", "application/json, text/csv;q=0.9, */*;q=0.1")
		resp, err := c.HTTP.Do(req)
		var wait time.Duration
		switch {
		case err != nil:
			cancel()
			release()
			last = err
			if ctx.Err() != nil {
				return nil, unreachable(host, ctx.Err())
			}
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
			wait = retryAfter(resp.Header.Get("Retry-After"))
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			cancel()
			release()
			last = &statusError{resp.StatusCode}
		default:
			return &response{Response: resp, release: release, cancel: cancel}, nil
		}
		if attempt >= c.Retries {
			return nil, unreachable(host, last)
		}
		if wait <= 0 {
			wait = c.Backoff << attempt
		}
		wait = min(wait, c.MaxWait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, unreachable(host, ctx.Err())
		}
	}
}

type statusError struct{ code int }

func (e *statusError) Error() string { return "HTTP " + strconv.Itoa(e.code) }

// retryAfter reads a Retry-After header: seconds or an HTTP date; 0 when
// absent or unreadable.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return time.Until(t)
	}
	return 0
}

// unreachable is the one sentence for a portal that did not answer.
func unreachable(host string, cause error) error {
	why := cause.Error()
	var ne net.Error
	if errors.Is(cause, context.DeadlineExceeded) || (errors.As(cause, &ne) && ne.Timeout()) {
		return i18n.Wrap(errors.Join(ErrUnreachable, cause), i18n.T("le portail %s n'a pas répondu à temps", "the portal %s did not answer in time"), host)
	}
	return i18n.Wrap(errors.Join(ErrUnreachable, cause), i18n.T("le portail %s est injoignable (%s)", "the portal %s is unreachable (%s)"), host, fact.CleanLine(why))
}

// cappedReader fails with ErrTooLarge past its limit.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
