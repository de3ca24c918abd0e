package api

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers while the process runs.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 when the database does, 503 otherwise.
func (s *Server) readyz(c *fiber.Ctx) error {
	if err := s.Ready(c.UserContext()); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "database": "down"})
	}
	return c.JSON(fiber.Map{"status": "ok", "database": "up"})
}

// metrics counts requests per route and status, and their durations, in
// Prometheus' text format.
type metrics struct {
	mu       sync.Mutex
	requests map[string]int64   // `method="GET",route="/x",status="200"`
	seconds  map[string]float64 // per method and route
	counts   map[string]int64
	start    time.Time
}

func newMetrics() *metrics {
	return &metrics{requests: map[string]int64{}, seconds: map[string]float64{}, counts: map[string]int64{}, start: time.Now()}
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	if route == "" || route == "/" && status == 404 {
		route = "unmatched"
	}
	labels := fmt.Sprintf(`method=%q,route=%q`, method, route)
	m.mu.Lock()
	m.requests[fmt.Sprintf(`%s,status="%d"`, labels, status)]++
	m.seconds[labels] += d.Seconds()
	m.counts[labels]++
	m.mu.Unlock()
}

func (s *Server) serveMetrics(c *fiber.Ctx) error {
	m := s.metrics
	var b strings.Builder
	m.mu.Lock()
	b.WriteString("# HELP trustcard_http_requests_total HTTP requests by method, route and status.\n# TYPE trustcard_http_requests_total counter\n")
	for _, k := range sortedKeys(m.requests) {
		fmt.Fprintf(&b, "trustcard_http_requests_total{%s} %d\n", k, m.requests[k])
	}
	b.WriteString("# HELP trustcard_http_request_duration_seconds Time spent answering requests.\n# TYPE trustcard_http_request_duration_seconds summary\n")
	for _, k := range sortedKeys(m.counts) {
		fmt.Fprintf(&b, "trustcard_http_request_duration_seconds_sum{%s} %g\n", k, m.seconds[k])
		fmt.Fprintf(&b, "trustcard_http_request_duration_seconds_count{%s} %d\n", k, m.counts[k])
	}
	m.mu.Unlock()
	fmt.Fprintf(&b, "# TYPE trustcard_goroutines gauge\ntrustcard_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(&b, "# TYPE trustcard_uptime_seconds gauge\ntrustcard_uptime_seconds %g\n", time.Since(m.start).Seconds())
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4")
	return c.SendString(b.String())
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
