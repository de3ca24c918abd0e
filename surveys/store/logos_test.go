package store_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/store"
)

// A logo is kept per org, found by its org and by its name, replaced by
// the next, and named on the org it belongs to until it is removed.
func testLogos(t *testing.T, db *store.DB) {
	o, other := mustOrg(t, db), mustOrg(t, db)
	first, second := mustLogo(t, 3, 2), mustLogo(t, 5, 4)
	for _, l := range []*surveys.Logo{first, second} {
		l.OrgID = o.ID
		if err := db.SaveLogo(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.FindLogo(ctx, o.ID)
	if err != nil || !bytes.Equal(got.PNG, second.PNG) || got.Width != 5 || got.Ref != second.Ref {
		t.Fatalf("FindLogo = %+v, %v; want the second logo", got, err)
	}
	if _, err := db.FindLogoByRef(ctx, first.Ref); surveys.ErrorCode(err) != surveys.ENOTFOUND {
		t.Errorf("the replaced logo is still found: %v", err)
	}
	if got, err := db.FindLogoByRef(ctx, second.Ref); err != nil || got.OrgID != o.ID {
		t.Errorf("FindLogoByRef = %+v, %v", got, err)
	}
	if org, _ := db.FindOrgByID(ctx, o.ID); org.LogoRef != second.Ref {
		t.Errorf("org's LogoRef = %q, want %q", org.LogoRef, second.Ref)
	}
	if org, _ := db.FindOrgByID(ctx, other.ID); org.LogoRef != "" {
		t.Errorf("another org's LogoRef = %q, want none", org.LogoRef)
	}
	if err := db.DeleteLogo(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if org, _ := db.FindOrgByID(ctx, o.ID); org.LogoRef != "" {
		t.Errorf("LogoRef after removal = %q", org.LogoRef)
	}
	if _, err := db.FindLogo(ctx, o.ID); surveys.ErrorCode(err) != surveys.ENOTFOUND {
		t.Errorf("FindLogo after removal: %v, want not found", err)
	}
}

// mustLogo is a w×h PNG logo.
func mustLogo(t *testing.T, w, h int) *surveys.Logo {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	l, err := surveys.NewLogo(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return l
}
