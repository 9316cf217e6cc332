package api

import (
	"bytes"
	"context"
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
// the mutation is not done again. One request is one transaction
// (service.RunIdempotent): the claim, the use case and the stored answer
// commit together, and the answer is held back until they have — so a 2xx
// always means committed, and a failed commit is answered as the failure it is.
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
			res := c.Response()
			out := res.Writer
			var held *heldWriter
			result, err := svc.RunIdempotent(req.Context(), service.IdempotentRequest{UserID: user, Key: key,
				Method: req.Method, Path: path, Body: body}, func(ctx context.Context) *service.Replay {
				held = &heldWriter{ResponseWriter: out}
				res.Writer = held
				c.SetRequest(req.WithContext(ctx))
				defer c.SetRequest(req)
				if err := next(c); err != nil {
					c.Error(err) // render now, so the problem is what gets stored
				}
				if !res.Committed || held.body.Len() > maxReplayBody {
					return nil // nothing written, or too large to replay
				}
				return &service.Replay{Status: held.status, ContentType: res.Header().Get(echo.HeaderContentType),
					Body: held.body.Bytes()}
			})
			res.Writer = out
			if err != nil {
				if held != nil { // the run's answer was not committed: it is not sent
					if !errors.Is(err, context.Canceled) {
						log.Error("idempotent request not committed", "err", err, "route", c.Path(), "method", req.Method)
					}
					res.Committed, res.Status, res.Size = false, 0, 0
					res.Header().Del(echo.HeaderContentType)
				}
				return err
			}
			if result.Replayed {
				res.Header().Set("Idempotent-Replayed", "true")
				return c.Blob(result.Reply.Status, result.Reply.ContentType, result.Reply.Body)
			}
			// Committed (or, for a 5xx, rolled back): send what the run wrote.
			out.WriteHeader(held.status)
			_, err = out.Write(held.body.Bytes())
			return err
		}
	}
}

// heldWriter holds what a handler writes until its transaction has ended.
type heldWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (h *heldWriter) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *heldWriter) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

// Flush does nothing: nothing is sent before the commit.
func (h *heldWriter) Flush() {}

// Unwrap lets http.ResponseController reach the connection.
func (h *heldWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
