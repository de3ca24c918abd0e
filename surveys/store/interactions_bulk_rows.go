package store

import (
	"time"

	"trustcard/surveys"
)

// batchArrays are a batch's rows as one array a column, for statements
// over unnest.
type batchArrays struct {
	inID, repID, teamID, buyerID, invID, tvID []int64
	extID, kind, bodyHash                     []string
	token, status, reason, locale             []string
	occurred, created, due                    []time.Time
	invitedBuyer                              []int64
	invitedAt                                 []time.Time
	jobOrg, jobRef                            []int64
	jobKind                                   []string
	jobRun                                    []time.Time
}

// add appends an interaction, its invitation and, when scheduled, the
// buyer's throttle mark and the email's job.
func (a *batchArrays) add(r *surveys.InteractionRows) {
	in, inv := r.Interaction, r.Invitation
	a.inID, a.invID = append(a.inID, in.ID), append(a.invID, inv.ID)
	a.extID, a.kind, a.bodyHash = append(a.extID, in.ExternalID), append(a.kind, in.Kind), append(a.bodyHash, in.BodyHash)
	a.repID, a.teamID, a.buyerID = append(a.repID, in.RepID), append(a.teamID, in.TeamID), append(a.buyerID, in.BuyerID)
	a.occurred, a.created = append(a.occurred, in.OccurredAt.UTC()), append(a.created, in.CreatedAt.UTC())
	a.tvID, a.token = append(a.tvID, inv.TemplateVersionID), append(a.token, inv.TokenHash)
	a.status, a.reason = append(a.status, string(inv.Status)), append(a.reason, inv.Reason)
	a.locale, a.due = append(a.locale, inv.Locale), append(a.due, inv.DueAt.UTC())
	if j := r.Job; j != nil {
		a.invitedBuyer, a.invitedAt = append(a.invitedBuyer, inv.BuyerID), append(a.invitedAt, inv.DueAt.UTC())
		a.jobOrg, a.jobKind, a.jobRef, a.jobRun = append(a.jobOrg, j.OrgID), append(a.jobKind, string(j.Kind)), append(a.jobRef, j.Ref),
			append(a.jobRun, j.RunAt.UTC())
	}
}
