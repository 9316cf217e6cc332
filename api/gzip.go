package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// gzipMinLength is the smallest answer worth compressing: below it gzip's
// header and the CPU cost more than the bytes saved.
const gzipMinLength = 1024

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// compress gzips answers of at least gzipMinLength bytes to clients that
// accept it. Unlike echo's Gzip middleware (which resets a pooled compressor
// — clearing its tables — twice per request), it buffers the first
// gzipMinLength bytes and takes a compressor only once an answer reaches
// that size, so a small answer costs a buffer and nothing else.
func compress(skip func(echo.Context) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if skip(c) {
				return next(c)
			}
			res := c.Response()
			res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			if !strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
				return next(c)
			}
			w := &gzipWriter{ResponseWriter: res.Writer}
			res.Writer = w
			defer func() {
				res.Writer = w.ResponseWriter
				w.finish()
			}()
			return next(c)
		}
	}
}

// gzipWriter holds back the start of an answer until it knows whether it
// reaches gzipMinLength.
type gzipWriter struct {
	http.ResponseWriter
	buf     bytes.Buffer
	code    int          // WriteHeader's, held back (0: none yet)
	gz      *gzip.Writer // nil until the answer is long enough
	written bool         // headers sent
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.written {
		w.code = code
	}
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if w.gz != nil {
		return w.gz.Write(b)
	}
	if w.written { // sent uncompressed (a Flush before the threshold)
		return w.ResponseWriter.Write(b)
	}
	w.buf.Write(b)
	if w.buf.Len() >= gzipMinLength {
		if err := w.startGzip(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// startGzip sends the headers with Content-Encoding: gzip and the held-back
// bytes through a compressor.
func (w *gzipWriter) startGzip() error {
	h := w.Header()
	if h.Get(echo.HeaderContentType) == "" {
		h.Set(echo.HeaderContentType, http.DetectContentType(w.buf.Bytes()))
	}
	h.Set(echo.HeaderContentEncoding, "gzip")
	h.Del(echo.HeaderContentLength)
	w.sendHeader()
	w.gz = gzipWriters.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	_, err := w.gz.Write(w.buf.Bytes())
	w.buf.Reset()
	return err
}

func (w *gzipWriter) sendHeader() {
	w.written = true
	if w.code != 0 {
		w.ResponseWriter.WriteHeader(w.code)
	}
}

// finish ends the answer: the compressor's tail, or the held-back bytes
// uncompressed.
func (w *gzipWriter) finish() {
	if w.gz != nil {
		_ = w.gz.Close()
		gzipWriters.Put(w.gz) // Reset when taken again: one table reset per use
		w.gz = nil
		return
	}
	if !w.written {
		if w.code != 0 || w.buf.Len() > 0 {
			w.sendHeader()
		}
		if w.buf.Len() > 0 {
			_, _ = w.ResponseWriter.Write(w.buf.Bytes())
		}
	}
}

// Flush sends what is held back: compressed when the answer reached the
// threshold, otherwise uncompressed (as the rest of it will be).
func (w *gzipWriter) Flush() {
	switch {
	case w.gz != nil:
		_ = w.gz.Flush()
	case !w.written:
		w.sendHeader()
		if w.buf.Len() > 0 {
			_, _ = w.ResponseWriter.Write(w.buf.Bytes())
			w.buf.Reset()
		}
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("api: hijacking not supported")
}

func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
