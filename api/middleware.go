package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/gofiber/fiber/v2"
)

type requestIDCtxKey struct{}

const requestIDKey = "request_id"

// requestID returns the id of the request ctx belongs to.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDCtxKey{}).(string)
	return id
}

// requestLog gives each request an id (X-Request-Id), counts it in the
// metrics and logs it. Query strings are not logged: survey and sign-in
// tokens travel in paths and are cut from them here.
func (s *Server) requestLog(c *fiber.Ctx) error {
	start := time.Now()
	id := newRequestID()
	c.Locals(requestIDKey, id)
	c.Set("X-Request-Id", id)
	c.SetUserContext(context.WithValue(c.UserContext(), requestIDCtxKey{}, id))
	err := c.Next()
	if err != nil {
		if herr := s.App.ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	if status == fiber.StatusServiceUnavailable && len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
		c.Set(fiber.HeaderRetryAfter, retryUnavailable)
	}
	route := c.Route().Path
	s.metrics.observe(c.Method(), route, status, time.Since(start))
	s.Logger.Info("request", "method", c.Method(), "route", route, "status", status,
		"duration_ms", time.Since(start).Milliseconds(), "request_id", id)
	return nil
}

// retryUnavailable is the Retry-After, in seconds, of a 503: a database
// that restarts is back in a second or two.
const retryUnavailable = "2"

// dbDeadline gives the request's context the deadline of its database
// work, which every database call (acquiring a connection, a statement, a
// commit) honours: a database that hangs fails the request with 503
// instead of holding the client.
func (s *Server) dbDeadline(c *fiber.Ctx) error {
	if s.limits.DBTimeout <= 0 {
		return c.Next()
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), s.limits.DBTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// recoverPanics turns a panic into a 500 and a log line with the stack.
func (s *Server) recoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Logger.Error("panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()), "request_id", c.Locals(requestIDKey))
			err = fiber.NewError(fiber.StatusInternalServerError, "internal error")
		}
	}()
	return c.Next()
}

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	return c.Next()
}

// notFound answers every path no route matched.
func (s *Server) notFound(c *fiber.Ctx) error {
	return fiber.NewError(fiber.StatusNotFound, "no such page: "+c.Method()+" "+c.Path())
}
