package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"gorm.io/gorm"

	"trustcard/surveys"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// BenchmarkImport previews and imports 10,000 reps and 10,000
// interactions through the services, each import into an org of its own
// in one transaction; beside them, the baseline: the same 10,000 reps
// inserted by GORM in batches of 500 in one transaction, with no checks.
// SQLite unless TRUSTCARD_BENCH_DRIVER=postgres.
func BenchmarkImport(b *testing.B) {
	driver := os.Getenv("TRUSTCARD_BENCH_DRIVER")
	if driver == "" {
		driver = "sqlite"
	}
	db := storetest.MustOpen(b, driver)
	now := time.Now().UTC()
	reps := make([]surveys.RepRow, surveys.MaxImportRows)
	for i := range reps {
		reps[i] = surveys.RepRow{Line: i + 2, RepInput: surveys.RepInput{ExternalID: fmt.Sprintf("crm-%d", i),
			Name: fmt.Sprintf("Rep %d", i), Email: fmt.Sprintf("rep%d@acme.test", i)}}
	}
	interactions := make([]surveys.InteractionRow, surveys.MaxImportRows)
	for i := range interactions {
		interactions[i] = surveys.InteractionRow{Line: i + 2, NewInteraction: surveys.NewInteraction{ExternalID: fmt.Sprintf("mtg-%d", i),
			Rep: "crm-1", Buyer: surveys.Buyer{Email: fmt.Sprintf("buyer%d@buyer.test", i)}, OccurredAt: now.Add(-time.Hour), Kind: "call"}}
	}
	b.Run("RepsPreview", func(b *testing.B) {
		svc, ctx := benchOrg(b, db)
		for b.Loop() {
			mustImport(b, func() (*surveys.ImportReport, error) { return svc.Directory.ImportReps(ctx, reps, false) })
		}
	})
	b.Run("RepsImport", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			svc, ctx := benchOrg(b, db)
			b.StartTimer()
			mustImport(b, func() (*surveys.ImportReport, error) { return svc.Directory.ImportReps(ctx, reps, true) })
		}
	})
	b.Run("RepsBaselineInsert", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			org := mustOrg(b, db)
			rows := make([]map[string]any, len(reps))
			for i, r := range reps {
				rows[i] = map[string]any{"org_id": org.ID, "external_id": r.ExternalID, "name": r.Name, "email": r.Email,
					"active": true, "created_at": now, "updated_at": now}
			}
			b.StartTimer()
			err := db.Gorm().Transaction(func(tx *gorm.DB) error { return tx.Table("reps").CreateInBatches(rows, 500).Error })
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("InteractionsPreview", func(b *testing.B) {
		svc, ctx := benchOrg(b, db)
		mustImport(b, func() (*surveys.ImportReport, error) { return svc.Directory.ImportReps(ctx, reps[:2], true) })
		for b.Loop() {
			mustImport(b, func() (*surveys.ImportReport, error) {
				return svc.Delivery.ImportInteractions(ctx, interactions, false)
			})
		}
	})
	b.Run("InteractionsImport", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			svc, ctx := benchOrg(b, db)
			mustImport(b, func() (*surveys.ImportReport, error) { return svc.Directory.ImportReps(ctx, reps[:2], true) })
			b.StartTimer()
			mustImport(b, func() (*surveys.ImportReport, error) { return svc.Delivery.ImportInteractions(ctx, interactions, true) })
		}
	})
}

// benchOrg is a new org and an admin's context in it.
func benchOrg(b *testing.B, db *store.DB) (*surveys.Services, context.Context) {
	b.Helper()
	org := mustOrg(b, db)
	ctx := surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: org.ID, KeyID: 1, Role: surveys.RoleAdmin, Scopes: surveys.AllScopes, Name: "bench"})
	return surveys.New(db, nil), ctx
}

func mustImport(b *testing.B, run func() (*surveys.ImportReport, error)) {
	b.Helper()
	r, err := run()
	if err != nil || len(r.Problems) > 0 {
		b.Fatalf("import: %v %v", err, r)
	}
}
