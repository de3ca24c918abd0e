package reports_test

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"trustcard/reports"
	"trustcard/surveys"
)

// benchCard is a full card in Western European text, as most cards are:
// eight comments, one of them long.
func benchCard(id int64) *surveys.RepCard {
	c := fullCard(id, "José Müller", "Dmitri", "")
	c.TeamName = "Nord"
	return c
}

// fullCard is a full card of rep name whose short comments name asker
// and end their praise with mark.
func fullCard(id int64, name, asker, mark string) *surveys.RepCard {
	cs := []surveys.Comment{comment(strings.Repeat("Gründlich vorbereitet, aber zu schnell beim Angebot. ", 12), "José Müller")}
	for i := range 7 {
		cs = append(cs, comment(fmt.Sprintf("Comment %d: great call%s, %s asked before proposing.", i, mark, asker), ""))
	}
	return card(id, name, 23, cs...)
}

// BenchmarkRepCard draws full rep cards of Western European text, in the
// Windows-1252 cut of the font; run with -cpu 1 for one core.
func BenchmarkRepCard(b *testing.B) {
	benchRepCard(b, benchCard(1))
}

// BenchmarkRepCardLatin draws a full card with a Polish name and emoji,
// in the Latin cut (and one drawing more, in the 1252 cut).
func BenchmarkRepCardLatin(b *testing.B) {
	c := fullCard(1, "Zoë Łukasiewicz", "Dmitri", " 👍")
	c.TeamName = "Nord"
	benchRepCard(b, c)
}

// BenchmarkRepCardCyrillic draws a full card with Cyrillic and Greek text,
// which takes the full font.
func BenchmarkRepCardCyrillic(b *testing.B) {
	benchRepCard(b, fullCard(1, "Zoë Łukasiewicz", "Дмитрий", " 👍"))
}

// BenchmarkRepCardLogo is BenchmarkRepCard with the company's logo at the
// top (a 1200 × 400 PNG, as stored): compare their cards/cpu-s.
func BenchmarkRepCardLogo(b *testing.B) {
	c := benchCard(1)
	c.Logo = mustLogo(b)
	benchRepCard(b, c)
}

func benchRepCard(b *testing.B, c *surveys.RepCard) {
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if err := reports.RepCard(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cards/s")
	// On a shared machine wall time counts other processes' work too; the
	// process's own CPU time per card is what one free core would take.
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "cards/cpu-s")
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkZip writes ZIPs of 100 and 1,000 cards and reports the peak
// heap in use while writing, which must not grow with the number of cards.
func BenchmarkZip(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var peak uint64
			cpu := cpuTime()
			for b.Loop() {
				runtime.GC()
				stop := watchHeap(&peak)
				cards := func(yield func(*surveys.RepCard, error) bool) {
					for i := range n {
						if !yield(benchCard(int64(i+1)), nil) {
							return
						}
					}
				}
				if err := reports.Zip(io.Discard, cards); err != nil {
					b.Fatal(err)
				}
				stop()
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/zip")
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/zip")
			b.ReportMetric(float64(atomic.LoadUint64(&peak))/(1<<20), "peak-heap-MB")
		})
	}
}

// watchHeap samples HeapInuse every few milliseconds into peak until stop.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > atomic.LoadUint64(peak) {
				atomic.StoreUint64(peak, m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}
