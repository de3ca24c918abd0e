package surveys

import (
	"context"
	"time"
)

// Digests are a signed-in leader's or admin's choice of digest email of
// their teams. Reps get none: their own page is their digest.
type Digests struct {
	store digestsStore
	clock Clock
}

// digestsStore is what Digests reads and writes.
type digestsStore interface {
	DigestStore
	OrgStore
}

// mayChoose returns the signed-in person who may choose a digest: a
// leader or an admin, never an API key. EUNAUTHORIZED, EFORBIDDEN.
func mayChoose(ctx context.Context) (*Actor, error) {
	a, err := authorize(ctx, ScopeRead)
	if err != nil {
		return nil, err
	}
	if a.IsKey() || a.UserID == 0 {
		return nil, Errorf(EFORBIDDEN, "", "digests are chosen by a signed-in person")
	}
	if a.Role != RoleLeader && a.Role != RoleAdmin {
		return nil, Errorf(EFORBIDDEN, "", "digests are for leaders and admins")
	}
	return a, nil
}

// MyDigest returns the signed-in person's choice, or off in the org's time
// zone when they made none. EUNAUTHORIZED, EFORBIDDEN.
func (s *Digests) MyDigest(ctx context.Context) (*DigestPrefs, error) {
	a, err := mayChoose(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.store.FindDigestPrefs(ctx, a.OrgID, a.UserID)
	if ErrorCode(err) != ENOTFOUND {
		return p, err
	}
	org, err := s.store.FindOrgByID(ctx, a.OrgID)
	if err != nil {
		return nil, err
	}
	return &DigestPrefs{UserID: a.UserID, OrgID: a.OrgID, Frequency: DigestOff, Hour: 8, Weekday: time.Monday,
		TimeZone: org.Settings.TimeZone, Language: "en"}, nil
}

// ChooseDigest stores the signed-in person's choice and when the next
// digest is due. EUNAUTHORIZED, EFORBIDDEN, EINVALID.
func (s *Digests) ChooseDigest(ctx context.Context, p DigestPrefs) (*DigestPrefs, error) {
	a, err := mayChoose(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	p.UserID, p.OrgID, p.UpdatedAt = a.UserID, a.OrgID, now
	p.NextAt = p.Next(now)
	if err := s.store.SaveDigestPrefs(ctx, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
