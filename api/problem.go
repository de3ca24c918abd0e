package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// codes is the only table from domain error codes to HTTP statuses.
var codes = map[string]int{
	surveys.EINVALID:      http.StatusUnprocessableEntity,
	surveys.ENOTFOUND:     http.StatusNotFound,
	surveys.ECONFLICT:     http.StatusConflict,
	surveys.EUNAUTHORIZED: http.StatusUnauthorized,
	surveys.EFORBIDDEN:    http.StatusForbidden,
	surveys.EUNAVAILABLE:  http.StatusServiceUnavailable,
	surveys.EINTERNAL:     http.StatusInternalServerError,
}

// ProblemType is the content type of every API error.
const ProblemType = "application/problem+json"

// problem turns a domain error into an RFC 9457 problem document that names
// the bad field. Internal errors are logged, and shown only as "internal error".
func (s *Server) problem(ctx context.Context, err error) huma.StatusError {
	var se huma.StatusError
	if errors.As(err, &se) {
		return se
	}
	code := surveys.ErrorCode(err)
	status := codes[code]
	field, msg := surveys.ErrorDetail(err)
	if code == surveys.EINTERNAL {
		s.Logger.ErrorContext(ctx, "internal error", "err", err, "request_id", requestID(ctx))
	}
	p := &huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: errorText(err)}
	if field != "" {
		p.Errors = []*huma.ErrorDetail{{Location: location(field), Message: msg}}
	}
	return p
}

// errorText is a domain error as a sentence: "field: message".
func errorText(err error) string {
	field, msg := surveys.ErrorDetail(err)
	if field != "" {
		return field + ": " + msg
	}
	return msg
}

// location says where a domain error's field came from: the path, the
// query string, or (for every other field) the JSON body.
func location(field string) string {
	switch field {
	case "id":
		return "path." + field
	case "from", "to", "sort", "status":
		return "query." + field
	}
	return "body." + field
}

// handleError renders errors that reach Fiber (unknown routes, oversized
// bodies, panics): problem documents under /api, plain pages elsewhere.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	msg := "internal error"
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status, msg = fe.Code, fe.Message
	} else if code := surveys.ErrorCode(err); code != surveys.EINTERNAL {
		status, msg = codes[code], errorText(err)
	} else {
		s.Logger.Error("internal error", "err", err, "path", c.Path(), "request_id", c.Locals(requestIDKey))
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.Status(status).JSON(&huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg}, ProblemType)
	}
	return s.Pages.Error(c, status, msg)
}
