package surveys

import (
	"context"
	"slices"
	"time"
)

// Rollup metrics of excluded responses: MetricExcluded counts them, and
// MetricExcludedPrefix+flag counts them by each flag that excluded them.
// An excluded response adds to these instead of to any score, so taking it
// out and putting it back keeps the running totals exact.
const (
	MetricExcluded       = "excluded"
	MetricExcludedPrefix = "excluded:"
)

// IntegrityStore finds what the integrity checks compare a response with,
// and records their verdicts.
type IntegrityStore interface {
	// FindClientResponses returns the submitted responses to a rep's
	// invitations that carry clientHash and were submitted at or after
	// since, without their answers.
	FindClientResponses(ctx context.Context, orgID, repID int64, clientHash string, since time.Time) ([]*Response, error)
	// CommentRepeated reports whether a submitted response of another
	// buyer (another invitation, and not buyerID) in the org carries commentHash.
	CommentRepeated(ctx context.Context, orgID int64, commentHash string, invitationID, buyerID int64) (bool, error)
	// FindScoredResponse returns a submitted response with its answers and
	// survey version. ENOTFOUND.
	FindScoredResponse(ctx context.Context, orgID, id int64) (*ScoredResponse, error)
	// SetResponseIntegrity writes a response's flags, exclusion and
	// reinstatement.
	SetResponseIntegrity(ctx context.Context, r *Response) error
}

// validateIntegrity checks own_domains and the integrity rules.
func (s *Settings) validateIntegrity() error {
	domains, err := checkOwnDomains(s.OwnDomains)
	if err != nil {
		return err
	}
	s.OwnDomains = domains
	return s.Integrity.Validate()
}

// excludedDeltas are what an excluded response adds to the rollups
// (sign +1) or takes away (sign −1): a count, in total and per flag that
// excluded it, and nothing else.
func excludedDeltas(r *Response, tz string, sign int64) []RollupDelta {
	cell := func(metric string) RollupDelta {
		return RollupDelta{OrgID: r.OrgID, RepID: r.RepID, TeamID: r.TeamID, Day: Day(r.SubmittedAt, tz), Metric: metric, N: sign}
	}
	out := []RollupDelta{cell(MetricExcluded)}
	for _, f := range r.ExcludedBy {
		out = append(out, cell(MetricExcludedPrefix+f))
	}
	return out
}

// integrityStore is what the checks of an answer need.
type integrityStore interface {
	IntegrityStore
	BuyerStore
	repTeamLister
	TemplateStore
}

// checkIntegrity flags r, about to be saved for p's invitation from client c, and
// decides under the org's rules whether it counts; it returns the rollup
// changes of other responses flagged with it. Flags once raised stay
// (a buyer who answers again from their own browser does not clear the
// rep's), and so does an admin's reinstatement.
func checkIntegrity(ctx context.Context, tx integrityStore, p *party, org *Org, prev, r *Response, c Client, now time.Time) ([]RollupDelta, error) {
	inv := p.inv
	var flags []string
	if prev != nil {
		flags, r.Reinstated = prev.Flags, prev.Reinstated
	}
	r.ClientHash, r.CommentHash = ClientHash(org.Secret, c), CommentHash(r.Comment)
	if c.SignedInRepID != 0 && c.SignedInRepID == inv.RepID {
		flags = addFlags(flags, FlagRepSignedIn)
	}
	own, err := ownDomain(ctx, tx, p, org)
	if err != nil {
		return nil, err
	}
	if own {
		flags = addFlags(flags, FlagOwnDomain)
	}
	if r.CommentHash != "" && !r.Provisional {
		repeated, err := tx.CommentRepeated(ctx, inv.OrgID, r.CommentHash, inv.ID, inv.BuyerID)
		if err != nil {
			return nil, err
		}
		if repeated {
			flags = addFlags(flags, FlagRepeatedComment)
		}
	}
	r.Flags = flags
	r.ExcludedBy = org.Settings.Integrity.excludedBy(r.Flags, r.Reinstated)
	return flagSameClient(ctx, tx, org, r, now)
}

// ownDomain reports whether inv's buyer writes from one of the org's own
// domains or from the rep's (unless that is a public mailbox provider).
func ownDomain(ctx context.Context, tx integrityStore, p *party, org *Org) (bool, error) {
	buyer, err := p.buyerOf(ctx, tx)
	if err != nil || buyer.Email == "" {
		return false, err
	}
	rep, err := p.repOf(ctx, tx)
	if err != nil {
		return false, err
	}
	domains := append(org.Settings.OwnDomains[:len(org.Settings.OwnDomains):len(org.Settings.OwnDomains)], repDomain(rep.Email))
	for _, d := range domains {
		if inDomain(buyer.Email, d) {
			return true, nil
		}
	}
	return false, nil
}

// flagSameClient flags r, about to be saved, and the other responses its
// client sent for the rep's buyers in the last SameClientDays days when
// they were SameClientBuyers buyers or more, and returns the rollup
// changes of the others whose exclusion that changed.
func flagSameClient(ctx context.Context, tx integrityStore, org *Org, r *Response, now time.Time) ([]RollupDelta, error) {
	if r.ClientHash == "" || r.Provisional {
		return nil, nil
	}
	found, err := tx.FindClientResponses(ctx, r.OrgID, r.RepID, r.ClientHash, now.AddDate(0, 0, -SameClientDays))
	if err != nil {
		return nil, err
	}
	buyer := func(o *Response) int64 {
		if o.BuyerID == 0 { // erased: one buyer per invitation
			return -o.InvitationID
		}
		return o.BuyerID
	}
	buyers := map[int64]bool{buyer(r): true}
	var others []*Response
	for _, o := range found {
		if o.InvitationID != r.InvitationID { // r's own earlier answers are r
			buyers[buyer(o)] = true
			others = append(others, o)
		}
	}
	if len(buyers) < SameClientBuyers {
		return nil, nil
	}
	r.Flags = addFlags(r.Flags, FlagSameClient)
	r.ExcludedBy = org.Settings.Integrity.excludedBy(r.Flags, r.Reinstated)
	var deltas []RollupDelta
	for _, o := range others {
		if slices.Contains(o.Flags, FlagSameClient) {
			continue
		}
		d, err := reflag(ctx, tx, org, o.ID, FlagSameClient)
		if err != nil {
			return nil, err
		}
		deltas = append(deltas, d...)
	}
	return deltas, nil
}

// reflag adds flag to the response id, decides again whether it counts,
// and returns the rollup changes.
func reflag(ctx context.Context, tx integrityStore, org *Org, id int64, flag string) ([]RollupDelta, error) {
	sr, err := tx.FindScoredResponse(ctx, org.ID, id)
	if err != nil {
		return nil, err
	}
	before := *sr.Response
	sr.Flags = addFlags(sr.Flags, flag)
	sr.ExcludedBy = org.Settings.Integrity.excludedBy(sr.Flags, sr.Reinstated)
	return rescore(ctx, tx, org, &before, sr)
}

// rescore writes sr's integrity and returns the rollup changes from before
// to it.
func rescore(ctx context.Context, tx integrityStore, org *Org, before *Response, sr *ScoredResponse) ([]RollupDelta, error) {
	if err := tx.SetResponseIntegrity(ctx, sr.Response); err != nil {
		return nil, err
	}
	if slices.Equal(before.ExcludedBy, sr.ExcludedBy) {
		return nil, nil
	}
	tv, err := tx.FindTemplateVersion(ctx, sr.TemplateVersionID)
	if err != nil {
		return nil, err
	}
	tz := org.Settings.TimeZone
	return append(responseDeltas(before, before.TrustValue, tv, tz, -1), responseDeltas(sr.Response, sr.TrustValue, tv, tz, 1)...), nil
}
