package surveys

import (
	"context"
	"fmt"
)

// DefaultOrgName names the org created on first start.
const DefaultOrgName = "My company"

// EnsureOrg returns the first org, creating it with default settings when
// there is none. It is for the CLI and start-up, not for callers over HTTP.
func (s *Service) EnsureOrg(ctx context.Context, name string) (*Org, error) {
	o, err := s.Store.FirstOrg(ctx)
	if ErrorCode(err) != ENOTFOUND {
		return o, err
	}
	secret, _ := NewSecret("")
	o = &Org{Name: name, Settings: DefaultSettings(), Secret: secret, CreatedAt: s.Clock.Now()}
	if err := s.Store.CreateOrg(ctx, o); err != nil {
		return nil, fmt.Errorf("create org: %w", err)
	}
	return o, nil
}

// Settings returns the actor's org settings. Needs ScopeRead.
func (s *Service) Settings(ctx context.Context) (*Org, error) {
	a, err := s.authorize(ctx, ScopeRead)
	if err != nil {
		return nil, err
	}
	return s.Store.FindOrgByID(ctx, a.OrgID)
}

// PatchSettings applies patch to the org's settings, validates and stores
// them, in one transaction holding the org's row, so concurrent patches of
// different settings do not undo each other. Needs ScopeManage. EINVALID
// naming the setting.
func (s *Service) PatchSettings(ctx context.Context, patch func(*Settings)) (*Org, error) {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx Store) error {
		org, err := tx.LockOrg(ctx, a.OrgID)
		if err != nil {
			return err
		}
		patch(&org.Settings)
		if err := org.Settings.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateOrgSettings(ctx, a.OrgID, org.Settings); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "settings.update", fmt.Sprintf("org:%d", a.OrgID), "")
	})
	if err != nil {
		return nil, err
	}
	return s.Store.FindOrgByID(ctx, a.OrgID)
}

// FindAuditEntries lists the org's audit log. Needs ScopeManage.
func (s *Service) FindAuditEntries(ctx context.Context, p Page) ([]*AuditEntry, int, error) {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return nil, 0, err
	}
	return s.Store.FindAuditEntries(ctx, a.OrgID, p.Normalize())
}

// FindCapturedMail lists the mail captured instead of sent, newest first.
// Needs ScopeManage: it holds buyers' addresses and survey links.
func (s *Service) FindCapturedMail(ctx context.Context, p Page) ([]*CapturedMail, int, error) {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return nil, 0, err
	}
	return s.Store.FindCapturedMail(ctx, a.OrgID, p.Normalize())
}
