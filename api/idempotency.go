package api

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/service"
)

const maxReplayBody = 256 << 10

// idempotency makes signed-in mutations sent with an Idempotency-Key safe to
// retry from a phone on a bad connection (IETF httpapi Idempotency-Key): the
// key is bound to the request's fingerprint (method, path, raw body); the
// first response is stored (encrypted) and replayed byte for byte (with
// Idempotent-Replayed: true) for 24 h to the same user with the same key, and
// the mutation is not done again. The run holds a lease on the key; its use
// case transactions carry a commit guard so that a run whose lease was taken
// over never records. Finishing never depends on the client's connection.
func idempotency(svc *service.Service, log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			key := req.Header.Get("Idempotency-Key")
			user := userID(c)
			switch req.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			if key == "" || user == "" { // its length is checked against the spec before
				return next(c)
			}
			// The body was read whole (and validated) before: read it again
			// for the fingerprint and give the handler a fresh reader.
			body, err := io.ReadAll(req.Body)
			if err != nil {
				return err // nothing claimed
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
			path := req.URL.Path // the path can hold an invite token: only its hash is kept
			if req.URL.RawQuery != "" {
				path += "?" + req.URL.RawQuery
			}
			ctx := req.Context()
			claim, replay, err := svc.BeginIdempotent(ctx, service.IdempotentRequest{UserID: user, Key: key,
				Method: req.Method, Path: path, Body: body})
			if err != nil {
				return err
			}
			if replay != nil {
				c.Response().Header().Set("Idempotent-Replayed", "true")
				return c.Blob(replay.Status, replay.ContentType, replay.Body)
			}
			finish := func(reply *service.Replay) {
				err := svc.FinishIdempotent(ctx, claim, reply)
				switch {
				case errors.Is(err, service.ErrIdempotencyLeaseLost):
					log.Warn("idempotent answer not stored: a retry took the key over", "route", c.Path(),
						"method", req.Method)
				case err != nil:
					log.Error("idempotency finish", "err", err, "route", c.Path(), "method", req.Method)
				}
			}
			finished := false
			defer func() {
				if !finished { // the handler panicked: let a retry run again
					finish(nil)
				}
			}()
			c.SetRequest(req.WithContext(claim.Guard(ctx)))
			rec := &recorder{ResponseWriter: c.Response().Writer}
			c.Response().Writer = rec
			if err := next(c); err != nil {
				c.Error(err) // render now, so the problem is what gets stored
			}
			finished = true
			var reply *service.Replay
			if !rec.overflow && c.Response().Committed { // else too large to replay (or nothing written)
				reply = &service.Replay{Status: c.Response().Status,
					ContentType: c.Response().Header().Get(echo.HeaderContentType), Body: rec.body.Bytes()}
			}
			finish(reply)
			return nil
		}
	}
}

// recorder copies what a handler writes, up to maxReplayBody.
type recorder struct {
	http.ResponseWriter
	body     bytes.Buffer
	overflow bool
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.body.Len()+len(b) > maxReplayBody {
		r.overflow = true
	} else {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
