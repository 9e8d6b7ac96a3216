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
// an id; "gensee other" for a path that is none of the 59 endpoints), a
// child of the span in the call's context. It carries OpenTelemetry's HTTP
// client attributes, of the last attempt:
//
//   - http.request.method: POST, as every endpoint is a form POST;
//   - url.full: the address called, the site's base and the path (never a
//     credential: the login and the password go in the body);
//   - server.address and server.port: the site's host and port (443 or 80
//     when the URL names none);
//   - http.request.resend_count: attempts - 1, when the call was sent more
//     than once;
//   - error.type: when the call failed, the HTTP status ("503") when one of
//     400 or more came, else the Outcome;
//
// and Gensee's own:
//
//   - gensee.endpoint: the path;
//   - gensee.site: the site's host (WithSite, else the host called), so
//     that two sites are told apart;
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
// reports one, http.request.resend_count (its number - 1) from the second
// on, the time it waited on the client's Limiter (gensee.limiter.wait,
// seconds) when it did and, when it failed, error.type and its error
// (gensee.error). A failed call records its error (an "exception" event)
// and sets the span's status to Error with the error's text.
//
// A typed method whose arguments break a documented rule returns its
// *gensee.ValidationError before the request path, so that call makes no
// span and no measurement.
//
// An …All walk (Rooms.SyncAll, Exports.AttendanceAll…) is a span of its own,
// of kind internal, named "gensee walk " and the endpoint, whose children
// are its pages' calls; it carries gensee.walk.pages (calls made: pages or
// 7-day pieces), gensee.walk.rows (rows yielded) and gensee.outcome, and
// the walk's error.
//
// The requests of a call carry the span in their context: an instrumented
// http.Client given with gensee.WithHTTPClient (otelhttp's transport, say)
// makes its spans children of it and propagates the trace to the server.
//
// # Metrics
//
// All by endpoint (gensee.endpoint) and, when it is known, site
// (gensee.site); all but the last by outcome (gensee.outcome):
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
//     is counted too;
//   - gensee.client.limiter.wait (s): a histogram of the time each attempt
//     waited on the client's Limiter (gensee.Attempt.LimitWait; 0 for an
//     attempt under budget), by endpoint and limiter class
//     (gensee.limiter.class: "exports" for the export endpoints, "main" for
//     the others, or what WithLimiterClass says).
//
// Every attribute value comes from a small fixed set, so the metrics stay
// of low cardinality: gensee.endpoint is one of the 59 endpoint paths of
// the training API, or "other" (OtherEndpoint) for any other path given to
// Client.Call; outcomes, return codes, HTTP statuses and classes are few;
// gensee.site is one value per site called.
//
// # Credentials
//
// The observer sees no credential: the client gives it no request body, no
// query and no header it sent, and its errors are the ones the client
// returns, with the password and its digest already removed.
package genseeotel
