package api_test

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkPostInteractionRate sends POST /api/v1/interactions at fixed
// rates, open loop (each request starts on schedule whether or not earlier
// ones have returned), to the real server on PostgreSQL and to the minimal
// Fiber+GORM baseline. It reports the rate achieved and the p99 latency
// counted from each request's scheduled start, so a server that falls
// behind shows it. TRUSTCARD_LOAD_RATES overrides the rates; "none" runs
// none of them.
//
//	go test ./api/ -run '^$' -bench PostInteractionRate -benchtime 3000x
func BenchmarkPostInteractionRate(b *testing.B) {
	for _, rate := range loadRates(b) {
		b.Run(fmt.Sprintf("trustcard/rate=%d", rate), func(b *testing.B) {
			url, key := startTrustcardLoad(b)
			runAtRate(b, interactionCalls(url, key, b.N), rate)
		})
		b.Run(fmt.Sprintf("baseline/rate=%d", rate), func(b *testing.B) {
			runAtRate(b, interactionCalls(startBaselineLoad(b), "", b.N), rate)
		})
	}
}

// loadRates are the request rates to try, per second.
func loadRates(b *testing.B) []int {
	spec := os.Getenv("TRUSTCARD_LOAD_RATES")
	switch spec {
	case "":
		spec = "250,500,1000"
	case "none": // closed loop only
		return nil
	}
	var rates []int
	for _, f := range strings.Split(spec, ",") {
		r, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || r <= 0 {
			b.Fatalf("TRUSTCARD_LOAD_RATES=%q: want positive integers separated by commas", spec)
		}
		rates = append(rates, r)
	}
	return rates
}

// maxInFlight bounds the open requests; beyond it the generator waits, and
// the wait counts in the latency.
const maxInFlight = 512

// runAtRate sends calls at rate per second.
func runAtRate(b *testing.B, calls []loadCall, rate int) {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: maxInFlight}
	client := &http.Client{Timeout: 60 * time.Second, Transport: tr}
	b.Cleanup(tr.CloseIdleConnections)
	lat := make([]time.Duration, len(calls))
	errs := make(chan error, len(calls))
	slots := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(rate)

	b.ResetTimer()
	start := time.Now()
	for i := range calls {
		due := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if _, err := postLoad(client, calls[i]); err != nil {
				errs <- fmt.Errorf("request %d: %w", i, err)
			}
			lat[i] = time.Since(due)
		})
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(calls))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(p99(lat))/float64(time.Millisecond), "p99-ms")
}
