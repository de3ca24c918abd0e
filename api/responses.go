package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"trustcard/surveys"
)

type listResponsesInput struct {
	PageParams
	WindowParams
	RepID  int64  `query:"rep_id" minimum:"0" doc:"Only this rep's responses"`
	TeamID int64  `query:"team_id" minimum:"0" doc:"Only responses counted toward this team (the rep's team at the interaction) or its sub-teams"`
	Accept string `header:"Accept" doc:"text/csv for a CSV file; JSON otherwise"`
}

type responseRep struct {
	ID         int64  `json:"id"`
	ExternalID string `json:"external_id"`
	Name       string `json:"name"`
}

type responseBuyer struct {
	Name    string `json:"name"`
	Company string `json:"company"`
}

type responseItem struct {
	ID          int64          `json:"id"`
	SubmittedAt time.Time      `json:"submitted_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	Rep         responseRep    `json:"rep"`
	TeamID      *int64         `json:"team_id" doc:"The rep's team when the interaction happened"`
	Buyer       *responseBuyer `json:"buyer" doc:"null when you may not see the buyer's name: a rep sees it only when the buyer agreed to share it"`
	TrustValue  *float64       `json:"trust_value" doc:"0–100; null when no trust question was answered"`
	Answers     map[string]int `json:"answers" doc:"Question key → rating (1–5) or scale (0–10); skipped questions are absent"`
	Comment     string         `json:"comment"`
	ShareName   bool           `json:"share_name"`
	Locale      string         `json:"locale"`
	Flags       []string       `json:"flags" doc:"Integrity flags raised on this response: own_domain, rep_signed_in, same_client, repeated_comment (empty: none)"`
	ExcludedBy  []string       `json:"excluded_by" doc:"The flags that take it out of the scores under the org's rules; empty: it counts"`
	Reinstated  bool           `json:"reinstated" doc:"An admin put it back into the scores despite its flags"`
}

func newResponseItem(r *surveys.ResponseView) responseItem {
	out := responseItem{ID: r.ID, SubmittedAt: r.SubmittedAt, UpdatedAt: r.UpdatedAt,
		Rep:    responseRep{ID: r.RepID, ExternalID: r.RepExternalID, Name: r.RepName},
		TeamID: optionalID(r.TeamID), TrustValue: r.TrustValue, Answers: r.Answers, Comment: r.Comment,
		ShareName: r.ShareName, Locale: r.Locale, Flags: nonNil(r.Flags), ExcludedBy: nonNil(r.ExcludedBy), Reinstated: r.Reinstated}
	if r.BuyerName != "" || r.BuyerCompany != "" {
		out.Buyer = &responseBuyer{Name: r.BuyerName, Company: r.BuyerCompany}
	}
	return out
}

// responsesOutput is a page of responses: JSON (the list shape every list
// has) or, when asked for, CSV with the total in X-Total-Count.
type responsesOutput struct {
	ContentType        *string `header:"Content-Type"`
	ContentDisposition *string `header:"Content-Disposition"`
	TotalCount         int     `header:"X-Total-Count"`
	Body               any
}

func (s *Server) listResponses(ctx context.Context, in *listResponsesInput) (*responsesOutput, error) {
	w, err := s.window(ctx, in.WindowParams)
	if err != nil {
		return nil, err
	}
	f := surveys.ResponseFilter{Page: in.page()}
	if in.RepID != 0 {
		f.RepIDs = []int64{in.RepID}
	}
	if in.TeamID != 0 {
		f.TeamIDs = []int64{in.TeamID}
	}
	views, total, err := s.Scores.FindResponses(ctx, w, f)
	if err != nil {
		return nil, err
	}
	out := &responsesOutput{TotalCount: total}
	if !wantsCSV(in.Accept) {
		items := make([]responseItem, len(views))
		for i, v := range views {
			items[i] = newResponseItem(v)
		}
		out.Body = newList(items, total, f.Page).Body
		return out, nil
	}
	p := w.Period()
	ct, cd := "text/csv; charset=utf-8", attachment("responses-"+p.From+"-"+p.To+".csv")
	out.ContentType, out.ContentDisposition = &ct, &cd
	out.Body, err = responsesCSV(views)
	return out, err
}

// wantsCSV reports whether an Accept header asks for text/csv.
func wantsCSV(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == "text/csv" {
			return true
		}
	}
	return false
}

// responsesCSV writes one row per response, a column per question
// answered on the page (the default survey's first, in its order).
func responsesCSV(views []*surveys.ResponseView) ([]byte, error) {
	keys := questionKeys(views)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := []string{"response_id", "submitted_at", "updated_at", "rep_id", "rep_external_id", "rep_name", "team_id",
		"buyer_name", "buyer_company", "trust_value"}
	head = append(append(head, keys...), "comment", "share_name", "locale", "flags", "excluded_by")
	_ = w.Write(head)
	for _, v := range views {
		row := []string{itoa(v.ID), v.SubmittedAt.Format(time.RFC3339), v.UpdatedAt.Format(time.RFC3339), itoa(v.RepID),
			v.RepExternalID, v.RepName, optional(v.TeamID), v.BuyerName, v.BuyerCompany, ""}
		if v.TrustValue != nil {
			row[9] = strconv.FormatFloat(*v.TrustValue, 'f', -1, 64)
		}
		for _, k := range keys {
			cell := "" // skipped
			if a, ok := v.Answers[k]; ok {
				cell = strconv.Itoa(a)
			}
			row = append(row, cell)
		}
		row = append(row, v.Comment, strconv.FormatBool(v.ShareName), v.Locale, strings.Join(v.Flags, " "), strings.Join(v.ExcludedBy, " "))
		for i := range row {
			row[i] = NeutralizeCell(row[i])
		}
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// questionKeys are the keys answered in views: the default survey's in its
// order, then any others sorted.
func questionKeys(views []*surveys.ResponseView) []string {
	seen := map[string]bool{}
	for _, v := range views {
		for k := range v.Answers {
			seen[k] = true
		}
	}
	var keys, extra []string
	for _, q := range surveys.DefaultQuestions(nil) {
		if seen[q.Key] {
			keys = append(keys, q.Key)
			delete(seen, q.Key)
		}
	}
	for k := range seen {
		extra = append(extra, k)
	}
	slices.Sort(extra)
	return append(keys, extra...)
}

// NeutralizeCell keeps a spreadsheet from reading a cell as a formula: a
// cell starting with = + - @, a tab or a carriage return gets a leading '.
func NeutralizeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// optional writes a zero id as an empty cell.
func optional(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}

// describeResponses tells the OpenAPI document what GET /responses answers:
// the JSON list, or the same page as CSV.
func (s *Server) describeResponses() {
	item := s.api.OpenAPI().Paths["/responses"]
	if item == nil || item.Get == nil || item.Get.Responses["200"] == nil {
		return
	}
	list := s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(listOutput[responseItem]{}.Body), true, "ResponseList")
	item.Get.Responses["200"].Content = map[string]*huma.MediaType{
		"application/json": {Schema: list},
		"text/csv":         {Schema: &huma.Schema{Type: "string", Description: "One row per response; cells a spreadsheet would run as formulas start with '"}},
	}
}
