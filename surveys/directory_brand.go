package surveys

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Logo returns the org's logo. Needs ScopeManage. ENOTFOUND without one.
func (d *Directory) Logo(ctx context.Context) (*Logo, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return d.store.FindLogo(ctx, a.OrgID)
}

// SetLogo makes l (from NewLogo) the org's logo. The audit log records the
// old and the new logo's names and sizes. Needs ScopeManage.
func (d *Directory) SetLogo(ctx context.Context, l *Logo) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	l.OrgID, l.UpdatedAt = a.OrgID, d.clock.Now()
	return d.inTx(ctx, func(tx directoryStore) error {
		before, err := logoOrNone(tx.FindLogo(ctx, a.OrgID))
		if err != nil {
			return err
		}
		if err := tx.SaveLogo(ctx, l); err != nil {
			return err
		}
		return auditChange(ctx, tx, l.UpdatedAt, a, "settings.logo", fmt.Sprintf("org:%d", a.OrgID), "logo",
			map[string]string{"Logo": before}, map[string]string{"Logo": describeLogo(l)})
	})
}

// RemoveLogo removes the org's logo; pages, emails and PDFs show the
// company's name alone. Needs ScopeManage.
func (d *Directory) RemoveLogo(ctx context.Context) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return d.inTx(ctx, func(tx directoryStore) error {
		before, err := logoOrNone(tx.FindLogo(ctx, a.OrgID))
		if err != nil {
			return err
		}
		if err := tx.DeleteLogo(ctx, a.OrgID); err != nil {
			return err
		}
		return auditChange(ctx, tx, d.clock.Now(), a, "settings.logo", fmt.Sprintf("org:%d", a.OrgID), "logo",
			map[string]string{"Logo": before}, map[string]string{"Logo": "none"})
	})
}

// logoOrNone describes the logo found, or "none".
func logoOrNone(l *Logo, err error) (string, error) {
	if ErrorCode(err) == ENOTFOUND {
		return "none", nil
	}
	if err != nil {
		return "", err
	}
	return describeLogo(l), nil
}

func describeLogo(l *Logo) string {
	return fmt.Sprintf("%s (PNG %d×%d, %d bytes)", l.Ref, l.Width, l.Height, len(l.PNG))
}

// changes are, for the audit log, the settings that differ between before
// and after, by the settings' Go names ("Delivery.DelayMinutes"), with
// their values before and after, and a line naming them.
func changes(before, after *Org) (detail string, was, is map[string]any) {
	was, is = map[string]any{}, map[string]any{}
	if before.Name != after.Name {
		was["Name"], is["Name"] = before.Name, after.Name
	}
	diffFields(was, is, "", reflect.ValueOf(before.Settings), reflect.ValueOf(after.Settings))
	names := slices.Sorted(maps.Keys(is))
	if len(names) == 0 {
		return "no change", nil, nil
	}
	return strings.Join(names, ", "), was, is
}

func diffFields(was, is map[string]any, prefix string, a, b reflect.Value) {
	for i := range a.NumField() {
		name := prefix + a.Type().Field(i).Name
		fa, fb := a.Field(i), b.Field(i)
		if fa.Kind() == reflect.Struct {
			diffFields(was, is, name+".", fa, fb)
			continue
		}
		if !reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			was[name], is[name] = fa.Interface(), fb.Interface()
		}
	}
}
