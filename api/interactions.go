package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

type buyerBody struct {
	Email    string `json:"email" format:"email" maxLength:"254"`
	Name     string `json:"name,omitempty" maxLength:"200"`
	Company  string `json:"company,omitempty" maxLength:"200"`
	Locale   string `json:"locale,omitempty" maxLength:"35" doc:"The buyer's language, such as de or de-AT: their survey email and page use the nearest language Trustcard ships, and one that none is near is refused; default en"`
	Timezone string `json:"timezone,omitempty" maxLength:"64" doc:"IANA time zone, for quiet hours"`
}

type interactionRequest struct {
	ExternalID string         `json:"external_id" minLength:"1" maxLength:"200" doc:"Your id for the interaction; posting it again is safe"`
	Rep        string         `json:"rep" minLength:"1" maxLength:"254" doc:"The rep's external_id or email"`
	Buyer      buyerBody      `json:"buyer"`
	OccurredAt time.Time      `json:"occurred_at" doc:"RFC 3339; at most 5 minutes in the future"`
	Kind       string         `json:"kind" enum:"meeting,call,demo,deal_won,deal_lost,other"`
	Diagnosis  *diagnosisBody `json:"diagnosis,omitempty" doc:"The rep's diagnosis: the buyer's main problem as the rep heard it, a key of the org's diagnosis_categories"`
	Outcome    string         `json:"outcome,omitempty" enum:"open,won,lost,no_decision,disqualified" doc:"What became of it, when known; report a later change to the outcome route of the interaction, not by posting it again"`
}

func (r *interactionRequest) toDomain() (surveys.NewInteraction, error) {
	b := r.Buyer
	locale, err := buyerLanguage(b.Locale)
	return surveys.NewInteraction{ExternalID: r.ExternalID, Rep: r.Rep, OccurredAt: r.OccurredAt, Kind: r.Kind, Outcome: r.Outcome,
		Buyer:     surveys.Buyer{Email: b.Email, Name: b.Name, Company: b.Company, Locale: locale, TimeZone: b.Timezone},
		Diagnosis: r.Diagnosis.toDomain()}, err
}

// buyerLanguage is the language of the catalogue nearest to a buyer's
// locale ("de-AT" is "de"), or "" for none given. A locale that no language
// is near is refused, naming those there are.
func buyerLanguage(locale string) (string, error) {
	if locale = strings.TrimSpace(locale); locale == "" {
		return "", nil
	}
	lang, ok := catalog.Default.Match(locale)
	if !ok {
		return "", surveys.Errorf(surveys.EINVALID, "buyer.locale", "must be one of %s (a region such as de-AT is fine)",
			strings.Join(catalog.Default.Languages(), ", "))
	}
	return lang, nil
}

type invitationBody struct {
	ID        int64      `json:"id"`
	Status    string     `json:"status" enum:"scheduled,suppressed,sent,opened,answered,expired,failed"`
	Scheduled bool       `json:"scheduled" doc:"True when a survey email is (or was) on its way"`
	Reason    string     `json:"reason,omitempty" doc:"Why it was not sent (suppressed) or not delivered (failed): throttled, unsubscribed, bounced, complained, rep_inactive, stale, erased, error"`
	DueAt     *time.Time `json:"due_at,omitempty"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RepID     int64      `json:"rep_id"`
	Locale    string     `json:"locale"`
}

func newInvitationBody(inv *surveys.Invitation) invitationBody {
	b := invitationBody{ID: inv.ID, Status: string(inv.Status), Reason: inv.Reason, RepID: inv.RepID, Locale: inv.Locale,
		Scheduled: inv.Status != surveys.InvitationSuppressed, SentAt: optionalTime(inv.SentAt), ExpiresAt: optionalTime(inv.ExpiresAt)}
	if b.Scheduled {
		b.DueAt = optionalTime(inv.DueAt)
	}
	return b
}

type interactionResponse struct {
	ID         int64          `json:"id"`
	ExternalID string         `json:"external_id"`
	RepID      int64          `json:"rep_id"`
	Kind       string         `json:"kind"`
	OccurredAt time.Time      `json:"occurred_at"`
	CreatedAt  time.Time      `json:"created_at"`
	Invitation invitationBody `json:"invitation"`
	Diagnosis  *diagnosisOut  `json:"diagnosis,omitempty"`
	Outcome    string         `json:"outcome,omitempty" doc:"open, won, lost, no_decision or disqualified; absent until reported"`
}

func newInteractionResponse(r *surveys.InteractionResult) interactionResponse {
	in := r.Interaction
	return interactionResponse{ID: in.ID, ExternalID: in.ExternalID, RepID: in.RepID, Kind: in.Kind,
		OccurredAt: in.OccurredAt, CreatedAt: in.CreatedAt, Invitation: newInvitationBody(r.Invitation),
		Diagnosis: newDiagnosisOut(r.Diagnosis), Outcome: in.Outcome}
}

type interactionOutput struct {
	Status int
	Body   interactionResponse
}

func (s *Server) createInteraction(ctx context.Context, in *struct{ Body interactionRequest }) (*interactionOutput, error) {
	n, err := in.Body.toDomain()
	if err != nil {
		return nil, err
	}
	if err := s.takeIngest(ctx, 1); err != nil {
		return nil, err
	}
	res, err := s.Delivery.RecordInteraction(ctx, n)
	if err != nil {
		return nil, err
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	return &interactionOutput{Status: status, Body: newInteractionResponse(res)}, nil
}

func (s *Server) getInteraction(ctx context.Context, in *IDParam) (*interactionOutput, error) {
	res, err := s.Delivery.FindInteraction(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &interactionOutput{Status: http.StatusOK, Body: newInteractionResponse(res)}, nil
}

type batchRequest struct {
	Items []interactionRequest `json:"items" minItems:"1" maxItems:"1000"`
}

type batchResult struct {
	Index  int                  `json:"index"`
	Status int                  `json:"status" doc:"What posting this item alone would have answered"`
	Body   *interactionResponse `json:"body,omitempty"`
	Error  *batchError          `json:"error,omitempty"`
}

type batchError struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Field  string `json:"field,omitempty"`
}

type batchOutput struct {
	Body struct {
		Results []batchResult `json:"results"`
	}
}

// createInteractions records the items as posting each alone would, so
// one bad item does not reject the others; a batch over the org's limit
// records none. Plain new interactions are written together; every
// transaction has the database deadline a request has.
func (s *Server) createInteractions(ctx context.Context, in *struct{ Body batchRequest }) (*batchOutput, error) {
	if err := s.takeIngest(ctx, len(in.Body.Items)); err != nil {
		return nil, err
	}
	out := &batchOutput{}
	out.Body.Results = make([]batchResult, len(in.Body.Items))
	var (
		items []surveys.NewInteraction
		at    []int // the index of each of items in the batch
	)
	for i, item := range in.Body.Items {
		n, err := item.toDomain()
		if err != nil {
			out.Body.Results[i] = newBatchResult(i, nil, err)
			continue
		}
		items, at = append(items, n), append(at, i)
	}
	if len(items) == 0 {
		return out, nil
	}
	recorded, err := s.Delivery.RecordInteractions(ctx, items, s.limits.DBTimeout)
	if err != nil {
		return nil, err // the whole batch fails alike
	}
	for k, r := range recorded {
		out.Body.Results[at[k]] = newBatchResult(at[k], r.Result, r.Err)
	}
	return out, nil
}

// newBatchResult is item i's result: what posting it alone would answer.
func newBatchResult(i int, res *surveys.InteractionResult, err error) batchResult {
	r := batchResult{Index: i}
	if err != nil {
		field, msg := surveys.ErrorDetail(err)
		r.Status = codes[surveys.ErrorCode(err)]
		r.Error = &batchError{Title: http.StatusText(r.Status), Detail: msg, Field: field}
		return r
	}
	body := newInteractionResponse(res)
	r.Status, r.Body = http.StatusOK, &body
	if res.Created {
		r.Status = http.StatusCreated
	}
	return r
}

type listInvitationsInput struct {
	PageParams
	Status string `query:"status" enum:"scheduled,suppressed,sent,opened,answered,expired,failed,"`
}

func (s *Server) listInvitations(ctx context.Context, in *listInvitationsInput) (*listOutput[invitationBody], error) {
	f := surveys.InvitationFilter{Page: in.page()}
	if in.Status != "" {
		st := surveys.InvitationStatus(in.Status)
		f.Status = &st
	}
	invs, total, err := s.Delivery.FindInvitations(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]invitationBody, len(invs))
	for i, inv := range invs {
		items[i] = newInvitationBody(inv)
	}
	return newList(items, total, f.Page), nil
}

// optionalTime writes zero times as absent.
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
