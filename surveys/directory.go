package surveys

import (
	"context"
	"fmt"
)

// Directory is who is who in an org: reps, teams, users, API keys, the
// org's settings and the audit log of every change to them.
type Directory struct {
	store directoryStore
	clock Clock
	inTx  txRunner[directoryStore]
}

// directoryStore is what the Directory keeps.
type directoryStore interface {
	OrgStore
	TeamStore
	RepStore
	UserStore
	APIKeyStore
	AuditStore
	LogoStore
	EnqueueJob(ctx context.Context, jobs ...*Job) error
	BaseURLStore
	UploadStore
}

// DefaultOrgName names the org created on first start.
const DefaultOrgName = "My company"

// EnsureOrg returns the first org, creating it with default settings when
// there is none. It is for the CLI and start-up and takes no actor.
func (d *Directory) EnsureOrg(ctx context.Context, name string) (*Org, error) {
	o, err := d.store.FirstOrg(ctx)
	if ErrorCode(err) != ENOTFOUND {
		return o, err
	}
	secret, _ := NewSecret("")
	o = &Org{Name: name, Settings: DefaultSettings(), Secret: secret, CreatedAt: d.clock.Now()}
	if err := d.store.CreateOrg(ctx, o); err != nil {
		return nil, fmt.Errorf("create org: %w", err)
	}
	return o, nil
}

// Settings returns the actor's org settings. Needs ScopeRead.
func (d *Directory) Settings(ctx context.Context) (*Org, error) {
	a, err := authorize(ctx, ScopeRead)
	if err != nil {
		return nil, err
	}
	return d.store.FindOrgByID(ctx, a.OrgID)
}

// PatchSettings applies patch to the org's settings, as PatchOrg does.
func (d *Directory) PatchSettings(ctx context.Context, patch func(*Settings)) (*Org, error) {
	return d.PatchOrg(ctx, func(o *Org) { patch(&o.Settings) })
}

// PatchOrg applies patch to the org's name and settings, validates
// and stores them, in one transaction holding the org's row, so concurrent
// patches of different settings do not undo each other. Only the name and
// the settings are kept of what patch changes. The audit log records each
// setting changed, before and after. Needs ScopeManage. EINVALID naming
// the setting.
func (d *Directory) PatchOrg(ctx context.Context, patch func(*Org)) (*Org, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	err = d.inTx(ctx, func(tx directoryStore) error {
		before, err := tx.LockOrg(ctx, a.OrgID)
		if err != nil {
			return err
		}
		after := *before
		patch(&after)
		after.ID, after.Secret, after.LogoRef = before.ID, before.Secret, before.LogoRef
		if err := checkCompanyName(&after.Name); err != nil {
			return err
		}
		if err := after.Settings.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateOrgSettings(ctx, a.OrgID, after.Settings); err != nil {
			return err
		}
		if after.Name != before.Name {
			if err := tx.RenameOrg(ctx, a.OrgID, after.Name); err != nil {
				return err
			}
		}
		detail, was, is := changes(before, &after)
		return auditChange(ctx, tx, d.clock.Now(), a, "settings.update", fmt.Sprintf("org:%d", a.OrgID), detail, was, is)
	})
	if err != nil {
		return nil, err
	}
	return d.store.FindOrgByID(ctx, a.OrgID)
}

// FindAuditEntries lists the org's audit log, newest first. Needs
// ScopeManage. EINVALID on a bad filter.
func (d *Directory) FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, 0, err
	}
	org, err := d.store.FindOrgByID(ctx, a.OrgID)
	if err != nil {
		return nil, 0, err
	}
	if err := f.bound(orgLocation(org.Settings.TimeZone)); err != nil {
		return nil, 0, err
	}
	f.OrgID, f.Page = a.OrgID, f.Page.Normalize()
	return d.store.FindAuditEntries(ctx, f)
}
