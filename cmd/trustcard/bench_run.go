package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// maxBenchInFlight bounds the requests open at once; beyond it the sender
// waits, and the wait counts in the latency.
const maxBenchInFlight = 512

// benchCall is one request of the run: its kind and how to send it.
type benchCall struct {
	kind string // "interaction" or "answer"
	do   func(context.Context) (status int, err error)
}

// benchOutcome is what became of one call.
type benchOutcome struct {
	kind    string
	status  int // 0: no answer
	latency time.Duration
	err     error // why it failed: no answer, or what an error answer said
}

// benchResult is a whole run.
type benchResult struct {
	outcomes []benchOutcome
	elapsed  time.Duration // from the first scheduled start to the last answer
}

// runOpenLoop starts call i at i/rate seconds whether or not earlier ones
// have answered, and measures each from that scheduled start. It says on
// progress, each second, how far it is.
func runOpenLoop(ctx context.Context, calls []benchCall, rate int, progress io.Writer) benchResult {
	out := make([]benchOutcome, len(calls))
	slots := make(chan struct{}, maxBenchInFlight)
	var wg sync.WaitGroup
	var done, failed atomic.Int64
	stop := reportProgress(progress, len(calls), &done, &failed)
	start := time.Now()
	for i, c := range calls {
		due := start.Add(time.Duration(i) * time.Second / time.Duration(rate))
		time.Sleep(time.Until(due))
		if ctx.Err() != nil {
			out = out[:i]
			break
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			status, err := c.do(ctx)
			out[i] = benchOutcome{kind: c.kind, status: status, latency: time.Since(due), err: err}
			if err != nil || status >= 400 {
				failed.Add(1)
			}
			done.Add(1)
		})
	}
	wg.Wait()
	stop()
	return benchResult{outcomes: out, elapsed: time.Since(start)}
}

// reportProgress prints the run's progress every second until stopped.
func reportProgress(w io.Writer, total int, done, failed *atomic.Int64) (stop func()) {
	t := time.NewTicker(time.Second)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	begin := time.Now()
	wg.Go(func() {
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				fmt.Fprintf(w, "  %3.0fs: %d of %d answered, %d errors\n", time.Since(begin).Seconds(), done.Load(), total, failed.Load())
			}
		}
	})
	return func() { t.Stop(); close(quit); wg.Wait() }
}

// print writes the run's figures: per kind and in all, the requests, the
// throughput, p50/p90/p99 and the errors by status.
func (r benchResult) print(w io.Writer, o benchOptions) {
	fmt.Fprintf(w, "bench %s: %d requests a second for %s, %.0f%% survey answers; %d sent in %.1fs\n",
		o.URL, o.Rate, o.Duration, o.AnswerShare*100, len(r.outcomes), r.elapsed.Seconds())
	fmt.Fprintf(w, "%-12s %8s %8s %10s %9s %9s %9s %9s  %s\n", "kind", "requests", "ok", "ok/s", "p50", "p90", "p99", "max", "errors")
	for _, kind := range []string{"interaction", "answer", "all"} {
		var lat []time.Duration
		errs := map[int]int{}
		for _, oc := range r.outcomes {
			if kind != "all" && oc.kind != kind {
				continue
			}
			lat = append(lat, oc.latency)
			if oc.status == 0 || oc.status >= 400 {
				errs[oc.status]++
			}
		}
		if len(lat) == 0 {
			continue
		}
		ok := len(lat) - sum(errs)
		slices.Sort(lat)
		fmt.Fprintf(w, "%-12s %8d %8d %10.1f %9s %9s %9s %9s  %s\n", kind, len(lat), ok, float64(ok)/r.elapsed.Seconds(),
			ms(pct(lat, 50)), ms(pct(lat, 90)), ms(pct(lat, 99)), ms(lat[len(lat)-1]), errorText(errs))
	}
	r.printFirstErrors(w)
}

// printFirstErrors says, for each kind and status that failed, what its
// first failure said.
func (r benchResult) printFirstErrors(w io.Writer) {
	said := map[string]bool{}
	for _, oc := range r.outcomes {
		key := fmt.Sprint(oc.kind, oc.status)
		if oc.err != nil && !said[key] {
			said[key] = true
			fmt.Fprintf(w, "first %s error (status %d): %v\n", oc.kind, oc.status, oc.err)
		}
	}
}

// pct is the p-th percentile of sorted latencies (nearest rank).
func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, i-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

func sum(m map[int]int) (n int) {
	for _, v := range m {
		n += v
	}
	return n
}

// errorText lists errors by status, "none" when there were none; status 0
// is a request that got no answer.
func errorText(errs map[int]int) string {
	if len(errs) == 0 {
		return "none"
	}
	keys := make([]int, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	s := ""
	for _, k := range keys {
		name := fmt.Sprint(k)
		if k == 0 {
			name = "no answer"
		}
		s += fmt.Sprintf("%s×%d ", name, errs[k])
	}
	return s[:len(s)-1]
}
