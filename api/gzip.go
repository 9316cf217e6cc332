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

// gzipLevel trades a little size for a lot of time: on the 1,000-scene
// coverage (about 1 MB of JSON) level 1 compresses about three times faster
// than the default level 6 and the answer stays small (JSON's repetition is
// what gzip removes first); a producer's dashboard waits on it.
const gzipLevel = gzip.BestSpeed

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzipLevel) // a valid level: no error
	return w
}}

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
	raw     bool         // the handler writes gzip itself (precompressed)
}

// precompressed tells the compressor that the handler writes its answer
// gzipped already (the coverage keeps most of it compressed): it reports
// whether the client takes gzip, and if so the answer goes out with
// Content-Encoding: gzip and the handler's bytes as they are. Call it
// before writing anything; false means write the answer plainly.
func precompressed(c echo.Context) bool {
	w, ok := c.Response().Writer.(*gzipWriter)
	if !ok || w.gz != nil || w.written || w.buf.Len() > 0 {
		return false
	}
	w.Header().Set(echo.HeaderContentEncoding, "gzip")
	w.Header().Del(echo.HeaderContentLength)
	w.raw = true
	return true
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.written {
		w.code = code
		if w.raw {
			w.sendHeader()
		}
	}
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if w.gz != nil {
		return w.gz.Write(b)
	}
	if w.raw && !w.written {
		w.sendHeader()
	}
	if w.written { // sent uncompressed (a Flush before the threshold)
		return w.ResponseWriter.Write(b)
	}
	if w.buf.Len()+len(b) < gzipMinLength {
		w.buf.Write(b)
		return len(b), nil
	}
	if err := w.startGzip(b); err != nil {
		return 0, err
	}
	return len(b), nil
}

// startGzip sends the headers with Content-Encoding: gzip, then the
// held-back bytes and b through a compressor (b is not copied: a large
// answer written at once goes straight to the compressor).
func (w *gzipWriter) startGzip(b []byte) error {
	h := w.Header()
	if h.Get(echo.HeaderContentType) == "" {
		head := w.buf.Bytes()
		if len(head) < 512 {
			head = append(head[:len(head):len(head)], b[:min(len(b), 512-len(head))]...)
		}
		h.Set(echo.HeaderContentType, http.DetectContentType(head))
	}
	h.Set(echo.HeaderContentEncoding, "gzip")
	h.Del(echo.HeaderContentLength)
	w.sendHeader()
	w.gz = gzipWriters.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	if w.buf.Len() > 0 {
		if _, err := w.gz.Write(w.buf.Bytes()); err != nil {
			return err
		}
		w.buf.Reset()
	}
	_, err := w.gz.Write(b)
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
