package main

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"trustcard/surveys/outbox"
)

// newMetrics returns the program's own registry, which /metrics serves:
// the Go runtime, the process, the database pool and the queue's backlog,
// read at each scrape. The server and the workers add their own metrics.
func (m *Main) newMetrics() (*prometheus.Registry, error) {
	pool, err := m.DB.Pool()
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(pool, "trustcard"),
		outbox.NewBacklogCollector(m.Services.Worker),
	)
	return reg, nil
}
