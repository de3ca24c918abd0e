package store_test

import (
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// Digest choices are kept one per user, found when due in order, and
// moved on only from the time a worker read, on every database.
func TestDigestChoices(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			org := &surveys.Org{Name: "Acme", Settings: surveys.DefaultSettings(), Secret: "s", CreatedAt: time.Now().UTC()}
			if err := db.CreateOrg(ctx, org); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 3, 27, 10, 0, 0, 0, time.UTC)
			lee, ann := mustDigestUser(t, db, org, "lee"), mustDigestUser(t, db, org, "ann")
			if _, err := db.FindDigestPrefs(ctx, org.ID, lee); surveys.ErrorCode(err) != surveys.ENOTFOUND {
				t.Fatalf("no choice yet: %v, want ENOTFOUND", err)
			}
			choose := func(user int64, f surveys.DigestFrequency, next time.Time) {
				p := &surveys.DigestPrefs{UserID: user, OrgID: org.ID, Frequency: f, Hour: 8, Weekday: time.Monday,
					TimeZone: "Europe/Berlin", Language: "de", NextAt: next, UpdatedAt: now}
				if err := db.SaveDigestPrefs(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			choose(lee, surveys.DigestWeekly, now.Add(time.Hour))
			choose(lee, surveys.DigestDaily, now.Add(-time.Minute)) // replaces the first
			choose(ann, surveys.DigestDaily, now.Add(-time.Hour))
			got, err := db.FindDigestPrefs(ctx, org.ID, lee)
			if err != nil || got.Frequency != surveys.DigestDaily || !got.NextAt.Equal(now.Add(-time.Minute)) || got.TimeZone != "Europe/Berlin" {
				t.Fatalf("lee's choice = %+v, %v", got, err)
			}
			due, err := db.FindDueDigests(ctx, now, 10)
			if err != nil || len(due) != 2 || due[0].UserID != ann || due[1].UserID != lee {
				t.Fatalf("due = %v, %v; want ann's then lee's", due, err)
			}
			if moved, err := db.AdvanceDigest(ctx, ann, due[0].NextAt, now.Add(20*time.Hour)); !moved || err != nil {
				t.Fatalf("advance = %v, %v", moved, err)
			}
			if moved, err := db.AdvanceDigest(ctx, ann, due[0].NextAt, now.Add(20*time.Hour)); moved || err != nil {
				t.Errorf("a second worker moved the choice on from a time it no longer has: %v, %v", moved, err)
			}
			choose(lee, surveys.DigestOff, time.Time{})
			if due, err := db.FindDueDigests(ctx, now.Add(19*time.Hour), 10); err != nil || len(due) != 0 {
				t.Errorf("due after ann's was moved and lee's turned off = %v, %v", due, err)
			}
		})
	}
}

// mustDigestUser creates a leader of org and returns their id.
func mustDigestUser(t *testing.T, db *store.DB, org *surveys.Org, name string) int64 {
	t.Helper()
	u := &surveys.User{OrgID: org.ID, Email: name + "@acme.test", Role: surveys.RoleLeader, Active: true, CreatedAt: time.Now().UTC()}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}
