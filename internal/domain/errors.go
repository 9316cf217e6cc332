// Package domain holds Closed Set's domain types and rules. It imports only the
// standard library: no database, no HTTP, no clock.
package domain

import (
	"errors"
	"fmt"
)

// Kind classifies an Error; adapters map each kind to a status (HTTP: 400, 401…).
type Kind int

// The kinds of failure a use case can report.
const (
	KindInternal     Kind = iota // a bug or an unavailable dependency
	KindBadRequest               // the request is malformed
	KindInvalid                  // well-formed but breaks a rule (422)
	KindUnauthorized             // no valid credentials
	KindForbidden                // a member whose role may not do this
	KindNotFound                 // unknown, or not visible to the caller
	KindConflict                 // stale version, duplicate, already done
	KindGone                     // existed but has expired
	KindTooLarge                 // body over the limit
	KindRateLimited              // too many attempts
	KindUnavailable              // a dependency (the database) is not ready
)

// FieldError names one invalid input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type use cases return. Code is a stable
// machine-readable string ("email_taken", "stale_version"…); Message is safe to
// show to the caller and never contains private notes.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	// Extra holds additional problem members, e.g. "currentVersion".
	Extra map[string]any
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// E builds an Error.
func E(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports a rule broken by one field (422 validation_failed).
func Invalid(field, message string) *Error {
	return &Error{Kind: KindInvalid, Code: "validation_failed", Message: "Some fields are not valid.",
		Fields: []FieldError{{Field: field, Message: message}}}
}

// NotFound reports an unknown id, or one the caller may not know exists.
func NotFound(what string) *Error {
	return E(KindNotFound, "not_found", "%s not found.", what)
}

// Forbidden reports a member whose role may not do this.
func Forbidden(message string) *Error {
	return E(KindForbidden, "forbidden", "%s", message)
}

// Unauthorized reports missing or invalid credentials.
func Unauthorized(code, message string) *Error {
	return E(KindUnauthorized, code, "%s", message)
}

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	var de *Error
	if errors.As(err, &de) {
		return de
	}
	return nil
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code string) bool {
	de := As(err)
	return de != nil && de.Code == code
}
