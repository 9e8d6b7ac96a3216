// Package genseeotel traces and measures the calls of a gensee.Client with
// OpenTelemetry. It is a module of its own,
// github.com/gensee-go/gensee/genseeotel, so that the SDK itself depends on
// no OpenTelemetry package.
//
// # Setup
//
// Observer returns a gensee.Observer; give it to the client:
//
//	c, err := gensee.NewClient(site, login, password,
//		gensee.WithObserver(genseeotel.Observer(
//			genseeotel.WithTracerProvider(tp), // default: otel.GetTracerProvider()
//			genseeotel.WithMeterProvider(mp),  // default: otel.GetMeterProvider()
//		)))
//
// It works through the client's one request path, so every method of every
// service is covered, Client.Call included.
//
// # Traces
//
// Every call is one span of kind client, named "gensee " and the endpoint's
// path, such as "gensee /training/room/info" (one name per endpoint, never
// an id), a child of the span in the call's context. It carries:
//
//   - gensee.endpoint: the path;
//   - gensee.attempts: the requests sent (0 when the call was refused before
//     its first request: parameters set by the client, an ended context, the
//     limiter);
//   - gensee.outcome: an Outcome, "ok" or how the call failed;
//   - http.response.status_code: the HTTP status of the last answer, when
//     one came;
//   - gensee.return_code: the envelope's return code, when the call ended
//     with one (0 on success, 501 for "not found").
//
// Each attempt adds an event named "gensee.attempt" with its number
// (gensee.attempt), outcome, HTTP status and body size, return code,
// duration in seconds (gensee.attempt.duration), whether a retry follows
// (gensee.retry), the X-Request-Id sent (gensee.request_id) when the client
// reports one and, when it failed, its error (gensee.error). A failed
// call records its error (an "exception" event) and sets the span's status
// to Error with the error's text.
//
// A typed method whose arguments break a documented rule returns its
// *gensee.ValidationError before the request path, so that call makes no
// span and no measurement.
//
// The requests of a call carry the span in their context: an instrumented
// http.Client given with gensee.WithHTTPClient (otelhttp's transport, say)
// makes its spans children of it and propagates the trace to the server.
//
// # Metrics
//
// All by endpoint (gensee.endpoint) and outcome (gensee.outcome):
//
//   - gensee.client.calls ({call}): calls made, also by gensee.return_code
//     when the call ended with one;
//   - gensee.client.call.duration (s): a histogram of whole calls, retries
//     and the waits between them included;
//   - gensee.client.attempts ({attempt}): requests sent, also by
//     gensee.return_code and http.response.status_code when known: the
//     return codes the site answered;
//   - gensee.client.retries ({retry}): attempts that failed and that the
//     client decided to retry (gensee.Attempt.Retry), by the outcome of the
//     failed one; a retry given up while waiting, because the context ended,
//     is counted too.
//
// Every attribute value comes from a small fixed set (endpoint paths, codes,
// statuses, outcomes), so the metrics stay of low cardinality; a path given
// to Client.Call is used as it is, so keep ids out of it.
//
// # Credentials
//
// The observer sees no credential: the client gives it no request body, no
// query and no header it sent, and its errors are the ones the client
// returns, with the password and its digest already removed.
package genseeotel
