package api

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
)

var kindStatus = map[domain.Kind]int{
	domain.KindInternal:     http.StatusInternalServerError,
	domain.KindBadRequest:   http.StatusBadRequest,
	domain.KindInvalid:      http.StatusUnprocessableEntity,
	domain.KindUnauthorized: http.StatusUnauthorized,
	domain.KindForbidden:    http.StatusForbidden,
	domain.KindNotFound:     http.StatusNotFound,
	domain.KindConflict:     http.StatusConflict,
	domain.KindGone:         http.StatusGone,
	domain.KindTooLarge:     http.StatusRequestEntityTooLarge,
	domain.KindRateLimited:  http.StatusTooManyRequests,
	domain.KindUnavailable:  http.StatusServiceUnavailable,
}

// statusCodes are the problem codes of errors raised by Echo itself.
var statusCodes = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusRequestTimeout:        "request_timeout",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "body_too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusTooManyRequests:       "rate_limited",
	http.StatusServiceUnavailable:    "unavailable",
	http.StatusNotImplemented:        "not_implemented",

	http.StatusRequestHeaderFieldsTooLarge: "headers_too_large",
}

// errorHandler is the one place errors become responses: RFC 9457
// problem+json with a stable code. Internal errors are logged (without request
// bodies) and shown as "internal error".
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, de := toProblem(err)
		if status == http.StatusInternalServerError && abandoned(c, err) {
			// The client went away mid-request (a phone losing signal): not
			// a fault of ours. Nobody reads the answer; a 503 keeps a
			// stored Idempotency-Key free for the retry.
			log.Warn("request abandoned by the client", "err", err, "route", c.Path(), "method", c.Request().Method,
				"requestId", c.Response().Header().Get(echo.HeaderXRequestID))
			status, de = http.StatusServiceUnavailable, domain.E(domain.KindUnavailable, "unavailable", "The request was cancelled.")
		}
		if status == http.StatusInternalServerError {
			log.Error("internal error", "err", err, "route", c.Path(), "method", c.Request().Method,
				"requestId", c.Response().Header().Get(echo.HeaderXRequestID))
			de = domain.E(domain.KindInternal, "internal", "internal error")
		}
		body := map[string]any{
			"type":   "urn:closedset:problem:" + de.Code,
			"title":  http.StatusText(status),
			"status": status,
			"detail": de.Message,
			"code":   de.Code,
		}
		if len(de.Fields) > 0 {
			body["errors"] = de.Fields
		}
		for k, v := range de.Extra {
			body[k] = v
		}
		if id := c.Response().Header().Get(echo.HeaderXRequestID); id != "" {
			body["requestId"] = id
		}
		if ra, ok := de.Extra["retryAfter"].(int); ok {
			c.Response().Header().Set("Retry-After", strconv.Itoa(ra))
		}
		if status == http.StatusUnauthorized {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="closedset"`)
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(status)
			return
		}
		b, _ := json.Marshal(body) // plain strings, numbers and field lists
		_ = c.Blob(status, "application/problem+json", b)
	}
}

// abandoned reports whether err is the client going away mid-request rather
// than a failure of ours: the request's context was cancelled (the client
// closed the connection) and err is that cancellation, or what the database
// driver says of a connection it gave up on because of it ("driver: bad
// connection", a transaction already rolled back). Our own database failures,
// while the client is still there, stay internal errors.
func abandoned(c echo.Context, err error) bool {
	if !errors.Is(c.Request().Context().Err(), context.Canceled) {
		return false
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrTxDone)
}

var internalError = domain.E(domain.KindInternal, "internal", "internal error")

// toProblem turns any error into a status and a *domain.Error, translating
// Echo's own errors and OpenAPI validation failures. Anything unknown is 500.
func toProblem(err error) (int, *domain.Error) {
	if de := domain.As(err); de != nil {
		return kindStatus[de.Kind], de
	}
	var he *echo.HTTPError
	if !errors.As(err, &he) {
		return http.StatusInternalServerError, internalError
	}
	if he.Internal != nil {
		if de := domain.As(he.Internal); de != nil {
			return kindStatus[de.Kind], de
		}
		if de := fromValidation(he.Internal); de != nil {
			return kindStatus[de.Kind], de
		}
	}
	code, ok := statusCodes[he.Code]
	if !ok {
		return http.StatusInternalServerError, internalError
	}
	msg := http.StatusText(he.Code) + "."
	switch he.Code {
	case http.StatusNotFound:
		msg = "No such resource."
	case http.StatusMethodNotAllowed:
		msg = "This method is not allowed on this resource."
	case http.StatusRequestEntityTooLarge:
		msg = tooLarge.Message
	case http.StatusRequestTimeout:
		msg = "The request body did not arrive in time. Send it again."
	case http.StatusRequestHeaderFieldsTooLarge:
		msg = "The request headers are larger than 16 KiB."
	case http.StatusBadRequest:
		code = "invalid_parameter"
		if s, ok := he.Message.(string); ok && s != "" {
			msg = withoutCause(s)
		}
	}
	return he.Code, &domain.Error{Code: code, Message: msg}
}

var tooLarge = domain.E(domain.KindTooLarge, "body_too_large", "The request body is larger than 1 MiB.")

// isTooLarge reports whether reading the body hit the body limit.
func isTooLarge(err error) bool {
	var he *echo.HTTPError
	return errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge ||
		err != nil && strings.Contains(err.Error(), "code=413")
}

// fromValidation converts kin-openapi request validation errors (collected as a
// MultiError) into one problem: 401 for security, 400 for malformed bodies and
// bad parameters, 422 with per-field errors for schema violations.
func fromValidation(err error) *domain.Error {
	var errs []error
	var me openapi3.MultiError
	if errors.As(err, &me) {
		errs = me
	} else {
		errs = []error{err}
	}
	var fields []domain.FieldError
	bad := ""
	for _, e := range errs {
		if de := domain.As(e); de != nil {
			return de
		}
		var sre *openapi3filter.SecurityRequirementsError
		if errors.As(e, &sre) {
			// Our own failure (e.g. unavailable) wins over a 401 of another
			// alternative; an error that is not ours is still 401.
			var unauthorized *domain.Error
			for _, inner := range sre.Errors {
				if de := domain.As(inner); de != nil && de.Kind != domain.KindUnauthorized {
					return de
				} else if de != nil && unauthorized == nil {
					unauthorized = de
				}
			}
			if unauthorized != nil {
				return unauthorized
			}
			return errSignIn
		}
		if isTooLarge(e) {
			return tooLarge
		}
		var re *openapi3filter.RequestError
		if !errors.As(e, &re) {
			continue
		}
		var pe *openapi3filter.ParseError
		var se *openapi3.SchemaError
		var sme openapi3.MultiError
		switch {
		case re.RequestBody != nil && errors.As(re.Err, &pe):
			return &domain.Error{Kind: domain.KindBadRequest, Code: "malformed_json", Message: "The request body is not valid JSON."}
		case re.RequestBody != nil && errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			return &domain.Error{Kind: domain.KindBadRequest, Code: "body_required", Message: "A JSON request body is required."}
		case re.RequestBody != nil && re.Reason == "reading failed": // the body is read before; kept for safety
			return errBodyIncomplete
		case re.RequestBody != nil && strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
			return &domain.Error{Kind: domain.KindBadRequest, Code: "bad_request",
				Message: "The request body must be sent as application/json."}
		case re.RequestBody != nil && !errors.As(re.Err, &se) && !errors.As(re.Err, &sme):
			return &domain.Error{Kind: domain.KindBadRequest, Code: "bad_request", Message: "The request body is not valid."}
		case re.Parameter != nil:
			bad = re.Parameter.Name
			fields = append(fields, domain.FieldError{Field: re.Parameter.Name, Message: reasonOf(re)})
		default:
			fields = append(fields, schemaFields(re.Err)...)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	if bad != "" {
		return &domain.Error{Kind: domain.KindBadRequest, Code: "invalid_parameter",
			Message: fmt.Sprintf("The parameter %q is not valid.", bad), Fields: fields}
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: "validation_failed", Message: "Some fields are not valid.", Fields: fields}
}

func schemaFields(err error) []domain.FieldError {
	var out []domain.FieldError
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			out = append(out, schemaFields(e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return []domain.FieldError{{Field: fieldPath(se.JSONPointer()), Message: se.Reason}}
	}
	if err != nil {
		return []domain.FieldError{{Field: "", Message: "is not valid"}}
	}
	return nil
}

// fieldPath renders a JSON pointer as steps[2].contacts[0].area.
func fieldPath(ptr []string) string {
	var b strings.Builder
	for _, p := range ptr {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func reasonOf(re *openapi3filter.RequestError) string {
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return se.Reason
	}
	var pe *openapi3filter.ParseError
	switch {
	case errors.As(re.Err, &pe) && pe.Reason != "":
		return pe.Reason // kin-openapi's own words ("an invalid integer"), never a Go error
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		return "is required"
	case errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue):
		return "must not be empty"
	}
	return "is not valid"
}

// withoutCause keeps what a message says before the Go error it may quote
// ("Invalid format for parameter x: strconv.ParseInt: …" → "Invalid format
// for parameter x."): no answer carries Go error text.
func withoutCause(s string) string {
	s = firstLine(s)
	if i := strings.Index(s, ": "); i > 0 {
		return s[:i] + "."
	}
	return s
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// strictJSONBodyDecoder is the request validator's JSON decoder: unlike the
// default it refuses trailing data after the JSON value (which would otherwise
// be dropped silently when defaults are filled in).
func strictJSONBodyDecoder(body io.Reader, h http.Header, schema *openapi3.SchemaRef, enc openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	if !json.Valid(data) {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: errors.New("not a single valid JSON value")}
	}
	v, err := openapi3filter.JSONBodyDecoder(bytes.NewReader(data), h, schema, enc)
	if err != nil {
		return nil, err
	}
	if field, bad := findNUL(v, ""); bad {
		return nil, domain.Invalid(field, "must not contain NUL characters")
	}
	return v, nil
}

// findNUL reports the path of the first string in a decoded JSON value that
// holds a NUL character (which PostgreSQL cannot store).
func findNUL(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		return path, strings.ContainsRune(v, 0)
	case []any:
		for i, e := range v {
			if p, bad := findNUL(e, fmt.Sprintf("%s[%d]", path, i)); bad {
				return p, true
			}
		}
	case map[string]any:
		for k, e := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if p, bad := findNUL(e, p); bad || strings.ContainsRune(k, 0) {
				return p, true
			}
		}
	}
	return "", false
}

// bindJSON decodes exactly one JSON value from the request body into v:
// malformed JSON or trailing data is 400 malformed_json, a body over the limit
// 413. The body was already validated against openapi.yaml.
func bindJSON(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			err = errors.New("trailing data after the JSON value")
		}
	}
	switch {
	case err == nil:
		return nil
	case isTooLarge(err):
		return tooLarge
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return domain.Invalid(te.Field, "has the wrong type")
	}
	return &domain.Error{Kind: domain.KindBadRequest, Code: "malformed_json", Message: "The request body is not valid JSON."}
}
