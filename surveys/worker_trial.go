package surveys

import (
	"context"
	"encoding/json"
	"fmt"
)

// JobSurveyTest sends an admin the survey email as their draft words it;
// Ref is the admin's user id, Payload a TrialPayload (JSON).
const JobSurveyTest = "survey_test"

// SampleRepName is the rep that previews and test emails are worded for.
const SampleRepName = "Will"

// TrialToken stands in for a survey link's token in previews and test
// emails; no invitation has it, so it opens nothing.
const TrialToken = "preview"

// TrialOutgoing is the email of a survey_test job: the survey email for a
// sample rep, addressed to the admin who asked, built from no invitation;
// nil when the admin is gone or no longer active. Payload's wording is
// checked again: it is sent as it was previewed.
func (w *Worker) TrialOutgoing(ctx context.Context, job *Job) (*Outgoing, error) {
	var p TrialPayload
	if err := json.Unmarshal([]byte(job.Payload), &p); err != nil {
		return nil, fmt.Errorf("survey test job %d: %w", job.ID, err)
	}
	users, _, err := w.store.FindUsers(ctx, UserFilter{OrgID: job.OrgID, IDs: []int64{job.Ref}, Page: Page{Limit: -1}})
	if err != nil || len(users) == 0 || !users[0].Active || users[0].Role != RoleAdmin {
		return nil, err
	}
	org, err := w.store.FindOrgByID(ctx, job.OrgID)
	if err != nil {
		return nil, err
	}
	return TrialEmail(org, users[0], p), nil
}

// TrialEmail is the survey email worded as p for the sample rep, to user:
// what the editor previews and what a test email carries.
func TrialEmail(org *Org, user *User, p TrialPayload) *Outgoing {
	return &Outgoing{
		Org:        org,
		Invitation: &Invitation{OrgID: org.ID, Locale: p.Lang, Status: InvitationScheduled},
		Rep:        &Rep{OrgID: org.ID, Name: SampleRepName},
		Buyer:      &Buyer{OrgID: org.ID, Email: user.Email, Name: user.Name, Locale: p.Lang},
		Template:   &TemplateVersion{OrgID: org.ID, Name: DefaultSurveyName, Questions: p.Questions},
		Token:      TrialToken,
	}
}
