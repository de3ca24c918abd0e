package api_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// loadWorkers is how many goroutines send requests at once.
const loadWorkers = 16

// BenchmarkPostInteraction measures POST /api/v1/interactions of the real
// server on PostgreSQL against a minimal Fiber+GORM handler that parses the
// same body and inserts one row, both driven by the same keep-alive client.
func BenchmarkPostInteraction(b *testing.B) {
	b.Run("trustcard", func(b *testing.B) {
		env := apitest.MustStart(b, "postgres")
		key := env.MustKey(b)
		env.MustDo(b, http.MethodPost, "/api/v1/reps", key,
			`{"external_id":"crm-load","name":"Load Rep","email":"load-rep@example.com"}`, http.StatusCreated, nil)
		runLoad(b, env.URL+"/api/v1/interactions", key)
	})

	b.Run("baseline", func(b *testing.B) {
		url := startBaseline(b, &loadInteraction{}, "/api/v1/interactions", func(db *gorm.DB) fiber.Handler {
			return func(c *fiber.Ctx) error {
				var req loadRequest
				if err := c.BodyParser(&req); err != nil {
					return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": err.Error()})
				}
				row := loadInteraction{ExternalID: req.ExternalID, Rep: req.Rep, BuyerEmail: req.Buyer.Email,
					Kind: req.Kind, OccurredAt: req.OccurredAt, CreatedAt: time.Now().UTC()}
				if err := db.WithContext(c.UserContext()).Create(&row).Error; err != nil {
					return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": err.Error()})
				}
				return c.Status(fiber.StatusCreated).JSON(row)
			}
		})
		runLoad(b, url, "")
	})
}

// startBaseline serves the minimal handler made by handler, over GORM on a
// fresh PostgreSQL database with table migrated, on a loopback port for
// POST path, and returns its URL.
func startBaseline(b *testing.B, table any, path string, handler func(db *gorm.DB) fiber.Handler) string {
	b.Helper()
	dsn := storetest.MustDSN(b, "postgres")
	db, err := gorm.Open(postgres.Open(dsn), &gorm.Config{SkipDefaultTransaction: true, PrepareStmt: true,
		Logger: logger.Discard}) // no slow-query lines in the benchmark output
	if err != nil {
		b.Fatalf("open gorm: %v", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		b.Fatalf("sql db: %v", err)
	}
	b.Cleanup(func() { sqlDB.Close() })
	if err := db.AutoMigrate(table); err != nil {
		b.Fatalf("automigrate: %v", err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Post(path, handler(db))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatalf("listen: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	b.Cleanup(func() {
		if err := app.Shutdown(); err != nil {
			b.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil && !errors.Is(err, net.ErrClosed) {
			b.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String() + path
}

// loadRequest is the part of the interaction body the baseline reads.
type loadRequest struct {
	ExternalID string `json:"external_id"`
	Rep        string `json:"rep"`
	Buyer      struct {
		Email string `json:"email"`
	} `json:"buyer"`
	OccurredAt time.Time `json:"occurred_at"`
	Kind       string    `json:"kind"`
}

// loadInteraction is the baseline's one table.
type loadInteraction struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	ExternalID string    `gorm:"uniqueIndex;not null" json:"external_id"`
	Rep        string    `gorm:"not null" json:"rep"`
	BuyerEmail string    `gorm:"not null" json:"buyer_email"`
	Kind       string    `gorm:"not null" json:"kind"`
	OccurredAt time.Time `gorm:"not null" json:"occurred_at"`
	CreatedAt  time.Time `gorm:"not null" json:"created_at"`
}

// runLoad sends b.N distinct interactions to url from loadWorkers goroutines
// over one keep-alive client, wants 201 for each, and reports req/s and
// the p99 latency.
func runLoad(b *testing.B, url, key string) {
	b.Helper()
	occurred := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Second).Format(time.RFC3339)
	run := fmt.Sprintf("%d", time.Now().UnixNano())
	calls := make([]loadCall, b.N)
	for i := range calls {
		calls[i] = loadCall{url: url, key: key, contentType: "application/json",
			body: fmt.Sprintf(`{"external_id":"load-%s-%d","rep":"crm-load","buyer":{"email":"buyer-%s-%d@example.org"},"occurred_at":%q,"kind":"meeting"}`,
				run, i, run, i, occurred)}
	}
	sendLoad(b, calls, http.StatusCreated, 0)
}

// loadCall is one request of a load run.
type loadCall struct {
	url, key, contentType, body string
}

// sendLoad sends calls over one keep-alive client and wants status want
// for each: as fast as loadWorkers goroutines go when rate is 0, else at
// rate requests a second, each timed from when it was due, so that a
// server falling behind shows in the latency. It reports req/s and the
// p99 latency.
func sendLoad(b *testing.B, calls []loadCall, want int, rate float64) {
	b.Helper()
	workers := loadWorkers
	if rate > 0 {
		workers = 256 // enough to keep the pace while the server is slow
	}
	tr := &http.Transport{MaxIdleConnsPerHost: workers}
	client := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	b.Cleanup(tr.CloseIdleConnections)

	lat := make([]time.Duration, len(calls))
	var (
		next    atomic.Int64
		failed  atomic.Bool
		errOnce sync.Once
		firstEr error
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		errOnce.Do(func() { firstEr = err })
		failed.Store(true)
	}

	b.ResetTimer()
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(calls) {
					return
				}
				due := time.Now()
				if rate > 0 {
					due = start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
					time.Sleep(time.Until(due))
				}
				if err := sendOne(client, calls[i], want); err != nil {
					fail(fmt.Errorf("request %d: %w", i, err))
					return
				}
				lat[i] = time.Since(due)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if firstEr != nil {
		b.Fatal(firstEr)
	}

	b.ReportMetric(float64(len(calls))/b.Elapsed().Seconds(), "req/s")
	slices.Sort(lat)
	p99 := lat[min(len(lat)-1, (len(lat)*99+99)/100-1)]
	b.ReportMetric(float64(p99)/float64(time.Millisecond), "p99-ms")
}

// sendOne sends c and reads the whole answer; it fails unless the status is want.
func sendOne(client *http.Client, c loadCall, want int) error {
	req, err := http.NewRequest(http.MethodPost, c.url, strings.NewReader(c.body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", c.contentType)
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if res.StatusCode != want {
		return fmt.Errorf("status %d, want %d; body:\n%s", res.StatusCode, want, body)
	}
	return nil
}
