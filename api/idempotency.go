package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/service"
)

const maxReplayBody = 256 << 10

// idempotency makes signed-in mutations sent with an Idempotency-Key safe to
// retry from a phone on a bad connection: the first response is stored and
// replayed (with Idempotent-Replayed: true) for 24 h to the same user with the
// same key, and the mutation is not done again.
func idempotency(svc *service.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Header.Get("Idempotency-Key")
			user := userID(c)
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			if key == "" || user == "" { // its length is checked against the spec before
				return next(c)
			}
			sum := sha256.Sum256([]byte(c.Request().URL.Path)) // the path can hold an invite token
			ctx := c.Request().Context()
			replay, err := svc.BeginIdempotent(ctx, user, key, c.Request().Method, hex.EncodeToString(sum[:]))
			if err != nil {
				return err
			}
			if replay != nil {
				c.Response().Header().Set("Idempotent-Replayed", "true")
				return c.Blob(replay.Status, replay.ContentType, replay.Body)
			}
			rec := &recorder{ResponseWriter: c.Response().Writer}
			c.Response().Writer = rec
			if err := next(c); err != nil {
				c.Error(err) // render now, so the problem is what gets stored
			}
			status := c.Response().Status
			if rec.overflow {
				status = 0 // too large to replay: let a retry run again
			}
			if err := svc.FinishIdempotent(ctx, user, key, status, c.Response().Header().Get(echo.HeaderContentType), rec.body.Bytes()); err != nil {
				c.Logger().Error(err)
			}
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
