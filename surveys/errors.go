package surveys

import (
	"errors"
	"fmt"
)

// Error codes. The edge (api/problem.go) maps each to an HTTP status.
const (
	EINVALID      = "invalid"      // the input breaks a rule; Field names it
	ENOTFOUND     = "not_found"    // no such object, or not yours
	ECONFLICT     = "conflict"     // the object exists in another state
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // authenticated, but not allowed
	EUNAVAILABLE  = "unavailable"  // a dependency (the database) is down
	EINTERNAL     = "internal"     // a bug; details are logged, not shown
)

// Error is a domain error: a code, the field it concerns (a JSON path such as
// "buyer.email", or empty) and a message for the user.
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("surveys: %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("surveys: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code, field and formatted message.
func Errorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorDetail returns the field and message of the first *Error in err's
// chain, or "internal error" for any other error.
func ErrorDetail(err error) (field, message string) {
	var e *Error
	if errors.As(err, &e) {
		return e.Field, e.Message
	}
	return "", "internal error"
}
