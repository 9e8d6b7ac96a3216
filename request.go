package gensee

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// The one request path of every endpoint: do (and run, which Call and the
// refusals of the methods' own checks share) encodes the form, waits on the
// limiter, makes the attempts (attempt.go), decides on retries (retry.go),
// tells the observers and the logger, and says of every error whether the
// call was sent (errors.go: ErrNotSent, ErrOutcomeUnknown).

// callState is what the attempts of one call share.
type callState struct {
	path      string
	requestID string
	secrets   []string // the call's own secrets, in every form (callSecrets)
	observers []Observer
	attempts  int
	write     bool // the endpoint is not in readOnly
	sent      bool // an attempt of the call may have reached the server
}

// do is the one request path of every endpoint: encode, add credentials,
// send (with the limiter, retries and observers), read at most maxBytes,
// check the envelope and decode. Every error it returns, and everything an
// observer or the logger sees, is scrubbed of secrets.
func (c *Client) do(ctx context.Context, path string, params any, out any) error {
	return c.run(ctx, path, params, out, nil)
}

// run is do, for a call that refused is not nil: refused (an error of the
// call's own checks, before anything is sent) is then what the call returns,
// reported to the observers as a call of 0 attempts.
func (c *Client) run(ctx context.Context, path string, params any, out any, refused error) (err error) {
	cs := callState{path: path, requestID: newRequestID(), observers: c.observers, write: !readOnly[path]}
	max := c.retry.MaxAttempts
	if co := callOptionsFrom(ctx); co != nil {
		if co.noRetry {
			max = 1
		}
		if len(co.observers) > 0 {
			cs.observers = append(cs.observers[:len(cs.observers):len(cs.observers)], co.observers...)
		}
		if co.timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, co.timeout)
			defer cancel()
		}
	}
	if len(cs.observers) > 0 {
		start := time.Now()
		for _, o := range cs.observers {
			if o.CallStart != nil {
				if nctx := o.CallStart(ctx, path); nctx != nil {
					ctx = nctx
				}
			}
		}
		defer func() {
			res := &CallResult{Endpoint: path, RequestID: cs.requestID, Attempts: cs.attempts, Duration: time.Since(start), Err: err}
			for _, o := range cs.observers {
				if o.CallDone != nil {
					o.CallDone(ctx, res)
				}
			}
		}()
	}
	if refused != nil {
		return notSent(refused)
	}
	body, own, err := c.encodeBody(path, params)
	if err != nil {
		return notSent(err)
	}
	cs.secrets = callSecrets(own)
	var last error
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return cs.classify(fmt.Errorf("gensee: %s: %w", path, err), false, nil)
		}
		var limitWait time.Duration
		if c.limiter != nil {
			waitStart := time.Now()
			err := c.limiter.Wait(ctx, path)
			limitWait = time.Since(waitStart)
			if err != nil {
				return cs.classify(c.scrubErr(c.limitErr(ctx, path, err, last), cs.secrets), false, nil)
			}
		}
		start := time.Now()
		o := c.attempt(ctx, &cs, body, out)
		o.limitWait = limitWait
		o.err = c.scrubErr(o.err, cs.secrets)
		cs.attempts = n
		cs.sent = cs.sent || o.sent
		d := shouldRetry(&o, n, max, cs.write)
		c.report(ctx, &cs, n, &o, time.Since(start), d.retry)
		if o.err == nil {
			return nil
		}
		if !d.retry {
			return cs.classify(o.err, o.sent, &o)
		}
		last = o.err
		wait := c.backoff(n)
		if d.wait > wait {
			wait = d.wait
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return cs.classify(fmt.Errorf("gensee: %s: %w (giving up after attempt %d: %w)", path, ctx.Err(), n, o.err), false, nil)
		case <-t.C:
		}
	}
}

// classify marks the error a call returns with its outcome: ErrNotSent when
// no attempt of the call may have reached the server; for a write whose last
// attempt was sent (o, with sent set) and was not answered,
// ErrOutcomeUnknown; anything else as it is. sent says whether the failure
// came after sending (o is then the attempt).
func (cs *callState) classify(err error, sent bool, o *outcome) error {
	switch {
	case err == nil:
		return nil
	case !cs.sent:
		return notSent(err)
	case sent && cs.write && !answered(o):
		return &outcomeUnknownError{err: err}
	}
	return err
}

// attemptErr is the error an observer sees for one attempt: marked as
// classify marks a call's error, by this attempt alone.
func (cs *callState) attemptErr(o *outcome) error {
	one := callState{write: cs.write, sent: o.sent}
	return one.classify(o.err, o.sent, o)
}

// answered reports whether a failed attempt's error is the server's answer:
// an *APIError (an envelope, whatever the HTTP status), a *DecodeError (a
// success whose fields did not fit), or an *HTTPError of a status that is
// not 5xx or 408 (a 4xx refused the request; a 2xx page is still an answer).
// A 5xx or 408 page without the envelope, a network error, a deadline, a
// refused redirect or a body over the cap leave a write's outcome unknown.
func answered(o *outcome) bool {
	var (
		api *APIError
		dec *DecodeError
		he  *HTTPError
	)
	switch {
	case errors.As(o.err, &api), errors.As(o.err, &dec):
		return true
	case errors.As(o.err, &he):
		return he.StatusCode < 500 && he.StatusCode != http.StatusRequestTimeout
	}
	return false
}

// notSent marks err as ErrNotSent, unless it already matches it.
func notSent(err error) error {
	if err == nil || errors.Is(err, ErrNotSent) {
		return err
	}
	return &notSentError{err: err}
}

// report tells the observers and the logger about attempt n: exactly one
// Debug record per attempt.
func (c *Client) report(ctx context.Context, cs *callState, n int, o *outcome, d time.Duration, retry bool) {
	if len(cs.observers) > 0 {
		a := &Attempt{Endpoint: cs.path, Number: n, RequestID: cs.requestID, StatusCode: o.status, Header: c.scrubHeader(o.header, cs.secrets),
			Code: Code(o.code), BodyBytes: o.read, Duration: d, Err: cs.attemptErr(o), Retry: retry,
			URL: c.urls.of(c.base, cs.path), LimitWait: o.limitWait}
		for _, ob := range cs.observers {
			if ob.AttemptDone != nil {
				ob.AttemptDone(ctx, a)
			}
		}
	}
	if c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("endpoint", cs.path), slog.Int("attempt", n), slog.Int("status", o.status),
			slog.Int("code", o.code), slog.Duration("duration", d), slog.String("request_id", cs.requestID),
		}
		if o.err != nil {
			attrs = append(attrs, slog.String("error", o.err.Error()))
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "gensee call", attrs...)
	}
}

// limitErr reports a limiter's refusal: matchable with errors.Is, and joined
// with the previous attempt's error on a retry.
func (c *Client) limitErr(ctx context.Context, path string, err, last error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = ctx.Err()
	}
	e := fmt.Errorf("gensee: %s: waiting for the limiter: %w", path, err)
	if last != nil {
		return errors.Join(e, last)
	}
	return e
}
