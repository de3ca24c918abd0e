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

	"trustcard/api"
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
		runLoad(b, interactionCalls(url, key, b.N))
	})
	b.Run("baseline", func(b *testing.B) { runLoad(b, interactionCalls(startBaselineLoad(b), "", b.N)) })
}

// startTrustcardLoad starts the real server on PostgreSQL with one rep and
// returns the interactions URL and an API key. The key's and the org's
// limits are lifted: the run is one CRM at full speed.
func startTrustcardLoad(b *testing.B) (url, key string) {
	l := api.DefaultLimits
	l.APIKey, l.Ingest = api.Rate{}, api.Rate{}
	env := apitest.MustStartLimits(b, "postgres", l)
	key = env.MustKey(b)
	env.MustDo(b, http.MethodPost, "/api/v1/reps", key,
		`{"external_id":"crm-load","name":"Load Rep","email":"load-rep@example.com"}`, http.StatusCreated, nil)
	return env.URL + "/api/v1/interactions", key
}

// startBaselineLoad starts a minimal Fiber handler that parses the same
// body and inserts one row with GORM, and returns its URL.
func startBaselineLoad(b *testing.B) string {
	return startBaseline(b, &loadInteraction{}, "/api/v1/interactions", func(db *gorm.DB) fiber.Handler {
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
}

// startBaseline serves the minimal handler made by handler, over GORM
// (prepared statements, no transaction, loadWorkers pooled connections) on a
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
	// A connection for each client, kept open while idle, as the reference
	// program (shared/bench/fiberanswer, POOL=16): database/sql's default
	// of 2 idle connections would reconnect for most requests.
	sqlDB.SetMaxOpenConns(loadWorkers)
	sqlDB.SetMaxIdleConns(loadWorkers)
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

// runLoad sends calls from loadWorkers goroutines over one keep-alive
// client, wants each one's status, and reports req/s and the p99 latency.
func runLoad(b *testing.B, calls []loadCall) {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: loadWorkers}
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
	for range loadWorkers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(calls) {
					return
				}
				d, err := postLoad(client, calls[i])
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

	b.ReportMetric(float64(len(calls))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(p99(lat))/float64(time.Millisecond), "p99-ms")
}

// loadCall is one request of a load run and the status it must get.
type loadCall struct {
	url, key, contentType, body string
	want                        int
}

// interactionCalls returns n posts of distinct interactions to url.
func interactionCalls(url, key string, n int) []loadCall {
	occurred := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Second).Format(time.RFC3339)
	run := fmt.Sprintf("%d", time.Now().UnixNano())
	calls := make([]loadCall, n)
	for i := range calls {
		calls[i] = loadCall{url: url, key: key, contentType: "application/json", want: http.StatusCreated}
		calls[i].body = fmt.Sprintf(`{"external_id":"load-%s-%d","rep":"crm-load","buyer":{"email":"buyer-%s-%d@example.org"},"occurred_at":%q,"kind":"meeting"}`,
			run, i, run, i, occurred)
	}
	return calls
}

// postLoad sends c and returns its latency, or an error unless it got c.want.
func postLoad(client *http.Client, c loadCall) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodPost, c.url, strings.NewReader(c.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", c.contentType)
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	got, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil && res.StatusCode != c.want {
		err = fmt.Errorf("status %d, want %d; body:\n%s", res.StatusCode, c.want, got)
	}
	return time.Since(start), err
}

// p99 returns the 99th percentile of lat, sorting it.
func p99(lat []time.Duration) time.Duration {
	slices.Sort(lat)
	return lat[min(len(lat)-1, (len(lat)*99+99)/100-1)]
}

// BenchmarkPostInteractionBatch measures POST /api/v1/interactions:batch of
// the real server on PostgreSQL, one batch of 1,000 distinct interactions
// at a time, and reports interactions stored per second.
//
//	go test ./api/ -run '^$' -bench 'PostInteractionBatch$' -benchtime 3x
func BenchmarkPostInteractionBatch(b *testing.B) {
	url, key := startTrustcardLoad(b)
	const size = 1000
	calls := make([]loadCall, b.N)
	for i := range calls {
		items := interactionCalls(url, key, size)
		bodies := make([]string, size)
		for j, c := range items {
			bodies[j] = c.body
		}
		calls[i] = loadCall{url: url + ":batch", key: key, contentType: "application/json",
			body: `{"items":[` + strings.Join(bodies, ",") + `]}`}
	}
	client := &http.Client{Timeout: 5 * time.Minute}
	b.ResetTimer()
	for _, c := range calls {
		req, _ := http.NewRequest(http.MethodPost, c.url, strings.NewReader(c.body))
		req.Header.Set("Content-Type", c.contentType)
		req.Header.Set("Authorization", "Bearer "+c.key)
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || strings.Count(string(got), `"status":201`) != size {
			b.Fatalf("status %d, want %d items created (%v):\n%.500s", res.StatusCode, size, err, got)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "interactions/s")
}
