package store_test

import (
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// An org's identity provider and its recorded base URL, on each database:
// saved, replaced, read back, removed; another org's is its own.
func TestSSOConfigAndBaseURL(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			o, other := mustOrg(t, db), mustOrg(t, db)
			at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			c := &surveys.SSOConfig{OrgID: o.ID, Issuer: "https://a.test", ClientID: "one", SealedSecret: "x", CreateRole: surveys.RoleLeader, UpdatedAt: at}
			if err := db.SaveSSOConfig(ctx, c); err != nil {
				t.Fatal(err)
			}
			c.Issuer, c.CreateRole, c.UpdatedAt = "https://b.test", "", at.Add(time.Hour)
			if err := db.SaveSSOConfig(ctx, c); err != nil {
				t.Fatal(err)
			}
			got, err := db.FindSSOConfig(ctx, o.ID)
			if err != nil || *got != *c {
				t.Errorf("read back %+v, %v; want %+v", got, err, c)
			}
			if _, err := db.FindSSOConfig(ctx, other.ID); surveys.ErrorCode(err) != surveys.ENOTFOUND {
				t.Errorf("another org's: %v, want not found", err)
			}
			if err := db.DeleteSSOConfig(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.FindSSOConfig(ctx, o.ID); surveys.ErrorCode(err) != surveys.ENOTFOUND {
				t.Errorf("after removing: %v, want not found", err)
			}
			if u, err := db.OrgBaseURL(ctx, o.ID); err != nil || u != "" {
				t.Errorf("base URL before any: %q, %v", u, err)
			}
			if err := db.SetOrgBaseURL(ctx, o.ID, "https://trust.a.test"); err != nil {
				t.Fatal(err)
			}
			if u, _ := db.OrgBaseURL(ctx, o.ID); u != "https://trust.a.test" {
				t.Errorf("base URL %q", u)
			}
			if u, _ := db.OrgBaseURL(ctx, other.ID); u != "" {
				t.Errorf("another org's base URL %q", u)
			}
		})
	}
}
