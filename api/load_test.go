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
//
//	go test ./api/ -run '^$' -bench 'PostInteraction$' -benchtime 2000x -count 3
func BenchmarkPostInteraction(b *testing.B) {
	b.Run("trustcard", func(b *testing.B) {
		url, key := startTrustcardLoad(b)
		runLoad(b, url, key)
	})
	b.Run("baseline", func(b *testing.B) { runLoad(b, startBaselineLoad(b), "") })
}

// startTrustcardLoad starts the real server on PostgreSQL with one rep and
// returns the interactions URL and an API key.
func startTrustcardLoad(b *testing.B) (url, key string) {
	env := apitest.MustStart(b, "postgres")
	key = env.MustKey(b)
	env.MustDo(b, http.MethodPost, "/api/v1/reps", key,
		`{"external_id":"crm-load","name":"Load Rep","email":"load-rep@example.com"}`, http.StatusCreated, nil)
	return env.URL + "/api/v1/interactions", key
}

// startBaselineLoad starts a minimal Fiber handler that parses the same
// body and inserts one row with GORM, and returns its URL.
func startBaselineLoad(b *testing.B) string {
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
	if err := db.AutoMigrate(&loadInteraction{}); err != nil {
		b.Fatalf("automigrate: %v", err)
	}

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Post("/api/v1/interactions", func(c *fiber.Ctx) error {
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
	})
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
	return "http://" + ln.Addr().String() + "/api/v1/interactions"
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
	tr := &http.Transport{MaxIdleConnsPerHost: loadWorkers}
	client := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	b.Cleanup(tr.CloseIdleConnections)

	bodies := loadBodies(b.N)
	lat := make([]time.Duration, b.N)
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
	for range loadWorkers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= b.N {
					return
				}
				d, err := postLoad(client, url, key, bodies[i])
				if err != nil {
					fail(fmt.Errorf("request %d: %w", i, err))
					return
				}
				lat[i] = d
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if firstEr != nil {
		b.Fatal(firstEr)
	}

	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(p99(lat))/float64(time.Millisecond), "p99-ms")
}

// loadBodies returns n distinct interaction bodies.
func loadBodies(n int) []string {
	occurred := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Second).Format(time.RFC3339)
	run := fmt.Sprintf("%d", time.Now().UnixNano())
	bodies := make([]string, n)
	for i := range bodies {
		bodies[i] = fmt.Sprintf(`{"external_id":"load-%s-%d","rep":"crm-load","buyer":{"email":"buyer-%s-%d@example.org"},"occurred_at":%q,"kind":"meeting"}`,
			run, i, run, i, occurred)
	}
	return bodies
}

// postLoad sends one body and returns its latency, or an error unless 201.
func postLoad(client *http.Client, url, key, body string) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	got, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil && res.StatusCode != http.StatusCreated {
		err = fmt.Errorf("status %d, want 201; body:\n%s", res.StatusCode, got)
	}
	return time.Since(start), err
}

// p99 returns the 99th percentile of lat, sorting it.
func p99(lat []time.Duration) time.Duration {
	slices.Sort(lat)
	return lat[min(len(lat)-1, (len(lat)*99+99)/100-1)]
}
