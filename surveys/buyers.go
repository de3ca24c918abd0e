package surveys

import (
	"context"
	"fmt"
	"strings"
)

// Buyers is everything a buyer does or has done to their data: the survey
// page and its answers, where the link's token is the credential and there
// is no actor; the opt-outs (one-click unsubscribe, and the mail provider's
// bounce and complaint feeds); and erasure of their personal data.
type Buyers struct {
	store buyersStore
	clock Clock
	inTx  txRunner[buyersStore]
}

// buyersStore is what Buyers reads and writes.
type buyersStore interface {
	OrgStore
	repTeamLister
	BuyerStore
	InvitationStore
	ResponseStore
	TemplateStore
	RollupStore
	AuditStore
	AlertStore
	JobStore
	LogoStore
	WebhookStore
	IntegrityStore
	DiagnosisStore
	InteractionStore
	PromiseStore
}

// InvitationForToken returns the invitation behind a survey or
// unsubscribe link. The token is the buyer's credential. ENOTFOUND.
func (b *Buyers) InvitationForToken(ctx context.Context, token string) (*Invitation, error) {
	inv, err := b.store.FindInvitationByToken(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "", "this link is not known")
	}
	return inv, err
}

// BrandForToken returns how the org behind a survey or unsubscribe link
// presents itself. The token is the buyer's credential. ENOTFOUND.
func (b *Buyers) BrandForToken(ctx context.Context, token string) (Brand, error) {
	orgID, _, err := linkBuyer(ctx, b.store, token)
	if err != nil {
		return Brand{}, err
	}
	org, err := b.store.FindOrgByID(ctx, orgID)
	if err != nil {
		return Brand{}, err
	}
	return org.Brand(), nil
}

// Logo returns the logo named ref, for buyer pages, emails and the app:
// a company's logo is public, and its name, a hash of the image, is known
// only from the org's pages and emails. ENOTFOUND.
func (b *Buyers) Logo(ctx context.Context, ref string) (*Logo, error) {
	return b.store.FindLogoByRef(ctx, ref)
}

// Unsubscribe stops all mail to the buyer of the invitation (or promise
// follow-up) with token, at once. Repeating it is harmless. ENOTFOUND.
func (b *Buyers) Unsubscribe(ctx context.Context, token string) error {
	return b.inTx(ctx, func(tx buyersStore) error {
		orgID, buyerID, err := linkBuyer(ctx, tx, token)
		if err != nil {
			return err
		}
		buyer, err := tx.FindBuyerByID(ctx, orgID, buyerID)
		if err != nil || buyer.Status != BuyerActive { // keep a stronger reason (bounced, complained)
			return err
		}
		return tx.SetBuyerStatus(ctx, orgID, buyerID, BuyerUnsubscribed, b.clock.Now())
	})
}

// linkBuyer returns the org and buyer of a survey link's token, or of a
// promise follow-up's (PromiseToken). ENOTFOUND.
func linkBuyer(ctx context.Context, st buyersStore, token string) (orgID, buyerID int64, err error) {
	if strings.HasPrefix(token, "p") {
		f, err := st.FindPromiseByToken(ctx, HashSecret(token))
		if err != nil {
			return 0, 0, Errorf(ENOTFOUND, "", "this link is not known")
		}
		return f.OrgID, f.BuyerID, nil
	}
	inv, err := st.FindInvitationByToken(ctx, HashSecret(token))
	if err != nil {
		return 0, 0, Errorf(ENOTFOUND, "", "this link is not known")
	}
	return inv.OrgID, inv.BuyerID, nil
}

// Suppress marks an address unsubscribed, bounced or complained-about
// (from a mail provider's feed), creating the buyer if unknown, so that it
// is never mailed again. Needs ScopeManage. EINVALID.
func (b *Buyers) Suppress(ctx context.Context, email string, st BuyerStatus) error {
	a, err := authorize(ctx, ScopeManage)
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
	now := b.clock.Now()
	return b.inTx(ctx, func(tx buyersStore) error {
		buyer := &Buyer{OrgID: a.OrgID, Email: email, EmailHash: EmailHash(email), CreatedAt: now}
		if err := tx.UpsertBuyer(ctx, buyer); err != nil {
			return err
		}
		if err := tx.SetBuyerStatus(ctx, a.OrgID, buyer.ID, st, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "buyer.suppress", fmt.Sprintf("buyer:%d", buyer.ID), string(st))
	})
}

// EraseBuyer removes a buyer's personal data — address, name, company and
// the link to their responses — while their anonymous answers keep
// counting and the address, kept as a one-way hash, stays suppressed.
// Needs ScopeManage. ENOTFOUND.
func (b *Buyers) EraseBuyer(ctx context.Context, email string) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return b.inTx(ctx, func(tx buyersStore) error {
		now := b.clock.Now()
		id, err := tx.EraseBuyer(ctx, a.OrgID, EmailHash(email), now)
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "buyer.erase", fmt.Sprintf("buyer:%d", id), "")
	})
}
