package api

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
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

// metrics times requests by method, route pattern and status; the
// histogram's count is the number of requests.
type metrics struct {
	duration *prometheus.HistogramVec
}

// newMetrics registers the request metrics on reg.
func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "trustcard_http_request_duration_seconds",
		Help:    "Time spent answering HTTP requests, by method, route pattern and status.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method", "route", "status"})}
	reg.MustRegister(m.duration)
	return m
}

// observe counts one request. route is the pattern that matched, never
// the path, so that no token or id becomes a label.
func (m *metrics) observe(method, route string, status int, d time.Duration) {
	if route == "" || route == "/" && status == fiber.StatusNotFound {
		route = "unmatched"
	}
	m.duration.WithLabelValues(method, route, strconv.Itoa(status)).Observe(d.Seconds())
}

// serveMetrics answers /metrics, in Prometheus' formats, with everything
// registered on reg; a collector that fails is logged and left out.
func (s *Server) serveMetrics(reg *prometheus.Registry) fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      reg, // counts the scrapes that had errors
	}))
}
