package outbox_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// The database goes away after the mail server accepted emails: their
// outcomes wait in memory (trustcard_outbox_unrecorded), are stored once
// it is back, and nothing is sent twice, although the jobs' leases ran
// out meanwhile.
func TestRecordsWhileDatabaseAway(t *testing.T) {
	dsn := storetest.MustDSN(t, store.Postgres)
	db, err := store.Open(dsn, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := newEnv(t, db, nil)
	reg := prometheus.NewRegistry()
	opts := outboxOptions
	opts.Metrics, opts.Batch, opts.Lease = reg, 5, 8*time.Second
	sk := mailtest.MustStart(t, mailtest.Options{})
	sk.SetReply(func(cmd, _ string) error {
		if cmd == "DATA" {
			time.Sleep(30 * time.Millisecond) // a slow server: the cut comes mid-batch
		}
		return nil
	})
	const n = 20
	invs := e.postN(t, n)
	ob := newOutbox(t, e.svc, sk.Addr(), opts)
	ob.Start()

	sk.WaitCount(t, 1, patience)
	away := cutOff(t, dsn)
	waitFor(t, "outcomes waiting and retried", func() bool {
		return metric(t, reg, "trustcard_outbox_unrecorded") > 0 && metric(t, reg, "trustcard_outbox_record_retried_total") > 0
	})
	e.clock.Advance(opts.Lease + time.Second) // every lease of the batch runs out
	time.Sleep(opts.Lease / 4)                // a claimer that did not pause would claim now
	sentWhileAway := sk.Count()
	away.restore()
	waitFor(t, "every invitation sent", func() bool { return sk.Count() >= n && metric(t, reg, "trustcard_outbox_unrecorded") == 0 })
	shutdown(t, ob)

	t.Logf("%d emails accepted before the database came back; %d record retries", sentWhileAway,
		int(metric(t, reg, "trustcard_outbox_record_retried_total")))
	checkSentOnce(t, e, invs, sk.Snapshot().Messages)
}

// waitFor polls cond for up to patience.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(patience); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", patience, what)
		}
	}
}

// outage is a database that refuses connections until restore.
type outage struct {
	t     *testing.T
	admin *store.DB
	name  string
}

// cutOff makes the database of dsn refuse new connections and ends those
// open, as a database that went away does, until restore.
func cutOff(t *testing.T, dsn string) *outage {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	adminURL := os.Getenv("TRUSTCARD_TEST_DATABASE_URL")
	if adminURL == "" {
		adminURL = storetest.DefaultPostgresURL
	}
	admin, err := store.Open(adminURL, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	o := &outage{t: t, admin: admin, name: strings.TrimPrefix(u.Path, "/")}
	t.Cleanup(func() { o.restore(); admin.Close() })
	g := admin.Gorm().WithContext(context.Background())
	if err := g.Exec(`ALTER DATABASE ` + o.name + ` ALLOW_CONNECTIONS false`).Error; err != nil {
		t.Fatal(err)
	}
	if err := g.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?`, o.name).Error; err != nil {
		t.Fatal(err)
	}
	return o
}

// restore lets the database take connections again.
func (o *outage) restore() {
	if err := o.admin.Gorm().Exec(`ALTER DATABASE ` + o.name + ` ALLOW_CONNECTIONS true`).Error; err != nil {
		o.t.Error(err)
	}
}
