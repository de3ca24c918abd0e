package surveys

import (
	"context"
	"fmt"
)

// InvitationForToken returns the invitation behind a survey or
// unsubscribe link. The token is the buyer's credential. ENOTFOUND.
func (s *Service) InvitationForToken(ctx context.Context, token string) (*Invitation, error) {
	inv, err := s.Store.FindInvitationByToken(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "", "this link is not known")
	}
	return inv, err
}

// Unsubscribe stops all mail to the buyer of the invitation with token,
// at once. Repeating it is harmless. ENOTFOUND.
func (s *Service) Unsubscribe(ctx context.Context, token string) error {
	return s.Store.InTx(ctx, func(tx Store) error {
		inv, err := tx.FindInvitationByToken(ctx, HashSecret(token))
		if err != nil {
			return Errorf(ENOTFOUND, "", "this link is not known")
		}
		b, err := tx.FindBuyerByID(ctx, inv.OrgID, inv.BuyerID)
		if err != nil || b.Status != BuyerActive { // keep a stronger reason (bounced, complained)
			return err
		}
		return tx.SetBuyerStatus(ctx, inv.OrgID, inv.BuyerID, BuyerUnsubscribed, s.Clock.Now())
	})
}

// Suppress marks an address unsubscribed, bounced or complained-about
// (from a mail provider's feed), creating the buyer if unknown, so that it
// is never mailed again. Needs ScopeManage. EINVALID.
func (s *Service) Suppress(ctx context.Context, email string, st BuyerStatus) error {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	email = NormalizeEmail(email)
	if !validEmail(email) {
		return Errorf(EINVALID, "email", "must be an email address")
	}
	if st != BuyerUnsubscribed && st != BuyerBounced && st != BuyerComplained {
		return Errorf(EINVALID, "reason", "must be unsubscribed, bounced or complained")
	}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx Store) error {
		b := &Buyer{OrgID: a.OrgID, Email: email, EmailHash: EmailHash(email), CreatedAt: now}
		if err := tx.UpsertBuyer(ctx, b); err != nil {
			return err
		}
		if err := tx.SetBuyerStatus(ctx, a.OrgID, b.ID, st, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "buyer.suppress", fmt.Sprintf("buyer:%d", b.ID), string(st))
	})
}

// EraseBuyer removes a buyer's personal data — address, name, company and
// the link to their responses — while their anonymous answers keep
// counting and the address, kept as a one-way hash, stays suppressed.
// Needs ScopeManage. ENOTFOUND.
func (s *Service) EraseBuyer(ctx context.Context, email string) error {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Store) error {
		id, err := tx.EraseBuyer(ctx, a.OrgID, EmailHash(email), s.Clock.Now())
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "buyer.erase", fmt.Sprintf("buyer:%d", id), "")
	})
}

// ApplyRetention erases the personal data of buyers who answered more than
// each org's retention_days ago (orgs with 0 keep it). It is for the
// workers; it takes no actor. It returns how many buyers it erased.
func (s *Service) ApplyRetention(ctx context.Context) (int, error) {
	ids, err := s.Store.FindOrgIDs(ctx)
	if err != nil {
		return 0, err
	}
	erased := 0
	for _, id := range ids {
		org, err := s.Store.FindOrgByID(ctx, id)
		if err != nil {
			return erased, err
		}
		if org.Settings.RetentionDays == 0 {
			continue
		}
		now := s.Clock.Now()
		cutoff := now.AddDate(0, 0, -org.Settings.RetentionDays)
		err = s.Store.InTx(ctx, func(tx Store) error {
			n, err := tx.EraseBuyersAnsweredBefore(ctx, id, cutoff, now)
			erased += n
			return err
		})
		if err != nil {
			return erased, err
		}
	}
	return erased, nil
}
