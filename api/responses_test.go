package api_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// hostile are buyer texts a spreadsheet would run as formulas.
var hostile = []string{`=HYPERLINK("http://evil.example","x")`, "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"}

// mustAnswer posts an interaction of rep with a buyer, sends its survey and
// answers it with ratings and comment; it returns the invitation id.
func mustAnswer(t *testing.T, env *apitest.Env, key, ext, rep, buyer string, ratings map[string]int, comment string) int64 {
	t.Helper()
	body := fmt.Sprintf(`{"external_id":%q,"rep":%q,"buyer":{"email":"%s@example.org","name":%q,"company":%q},"occurred_at":%q,"kind":"meeting"}`,
		ext, rep, ext, buyer, buyer, time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
	in := mustInteraction(t, env, key, body, http.StatusCreated)
	ctx := context.Background()
	env.MustSend(t, in.Invitation.ID)
	token := surveys.InvitationToken(env.Org.Secret, in.Invitation.ID)
	if _, err := env.Services.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: ratings, Comment: comment}); err != nil {
		t.Fatal(err)
	}
	return in.Invitation.ID
}

// mustCSV gets path as CSV with key and returns its records and header.
func mustCSV(t *testing.T, env *apitest.Env, path, key string) ([][]string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, env.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", "text/csv")
	res, err := env.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s as CSV = %d:\n%s", path, res.StatusCode, b)
	}
	records, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: not CSV: %v\n%s", path, err, b)
	}
	return records, res.Header
}

func TestResponses(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			var team struct{ ID int64 }
			env.MustDo(t, http.MethodPost, "/api/v1/teams", manage, `{"name":"East"}`, http.StatusCreated, &team)
			env.MustDo(t, http.MethodPost, "/api/v1/reps", manage, `{"external_id":"crm-1","name":"Ada Lovelace","email":"ada@example.com","team":"East"}`, http.StatusCreated, nil)
			b := mustRep(t, env, manage, "crm-2", "Grace Hopper", "grace@example.com", http.StatusCreated)
			mustAnswer(t, env, write, "i-1", "crm-1", hostile[0], map[string]int{"understood": 5, "diagnosed": 4, "recommend": 9}, hostile[1])
			mustAnswer(t, env, write, "i-2", "crm-2", "Plain Buyer", map[string]int{"interest": 2}, strings.Join(hostile[2:], " "))
			today := time.Now().UTC().Format(time.DateOnly)
			future := time.Now().UTC().AddDate(0, 1, 0).Format(time.DateOnly)

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotList", Method: "GET", Path: "/api/v1/responses", WantStatus: 401, WantHeader: problem,
					WantNotContains: []string{"HYPERLINK"}},
				{Name: "InteractionsKeyCannotList", Method: "GET", Path: "/api/v1/responses", Key: write, WantStatus: 403,
					WantContains: []string{`lacks the \"read\" scope`}, WantNotContains: []string{"HYPERLINK"}, WantHeader: problem},
				{Name: "OtherOrgSeesNone", Method: "GET", Path: "/api/v1/responses", Key: other, WantStatus: 200,
					WantContains: []string{`"total":0`, `"items":[]`}, WantNotContains: []string{"HYPERLINK", "Plain Buyer"}},
				{Name: "ReadKeyListsWithAnswersAndBuyers", Method: "GET", Path: "/api/v1/responses", Key: read, WantStatus: 200,
					WantContains: []string{`"total":2`, `"answers":{"diagnosed":4,"recommend":9,"understood":5}`, `"trust_value":87.5`,
						`"name":"Plain Buyer"`, `"external_id":"crm-1"`, `"trust_value":25`},
					WantHeader: map[string]string{"Content-Type": "application/json", "X-Total-Count": "2"}},
				{Name: "ManageKeyAlsoLists", Method: "GET", Path: "/api/v1/responses", Key: manage, WantStatus: 200, WantContains: []string{`"total":2`}},
				{Name: "PagesLikeOtherLists", Method: "GET", Path: "/api/v1/responses?limit=1&offset=1", Key: read, WantStatus: 200,
					WantContains: []string{`"total":2`, `"limit":1`, `"offset":1`, `"external_id":"crm-1"`}, WantNotContains: []string{`"external_id":"crm-2"`}},
				{Name: "FiltersByRep", Method: "GET", Path: fmt.Sprintf("/api/v1/responses?rep_id=%d", b.ID), Key: read, WantStatus: 200,
					WantContains: []string{`"total":1`, "Plain Buyer"}, WantNotContains: []string{"HYPERLINK"}},
				{Name: "FiltersByTeam", Method: "GET", Path: fmt.Sprintf("/api/v1/responses?team_id=%d", team.ID), Key: read, WantStatus: 200,
					WantContains: []string{`"total":1`, "HYPERLINK"}, WantNotContains: []string{"Plain Buyer"}},
				{Name: "FiltersByWindow", Method: "GET", Path: "/api/v1/responses?from=" + future + "&to=" + future, Key: read, WantStatus: 200,
					WantContains: []string{`"total":0`}},
				{Name: "WindowIncludesToday", Method: "GET", Path: "/api/v1/responses?from=" + today + "&to=" + today, Key: read, WantStatus: 200,
					WantContains: []string{`"total":2`}},
				{Name: "BadDateNamesField", Method: "GET", Path: "/api/v1/responses?from=yesterday", Key: read, WantStatus: 422,
					WantContains: []string{"from"}, WantHeader: problem},
				{Name: "FromAfterToNamesField", Method: "GET", Path: "/api/v1/responses?from=" + future + "&to=" + today, Key: read, WantStatus: 422,
					WantContains: []string{"query.from", "must not be after to"}, WantHeader: problem},
				{Name: "LimitBounded", Method: "GET", Path: "/api/v1/responses?limit=501", Key: read, WantStatus: 422,
					WantContains: []string{"limit"}, WantHeader: problem},
			})

			t.Run("CSVNeutralisesFormulas", func(t *testing.T) {
				records, header := mustCSV(t, env, "/api/v1/responses", read)
				if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
					t.Errorf("Content-Type = %q, want text/csv", ct)
				}
				if cd := header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
					t.Errorf("Content-Disposition = %q, want an attachment named .csv", cd)
				}
				want := "response_id,submitted_at,updated_at,rep_id,rep_external_id,rep_name,team_id,buyer_name,buyer_company,trust_value," +
					"understood,diagnosed,interest,recommend,comment,share_name,locale,flags,excluded_by"
				if len(records) != 3 || strings.Join(records[0], ",") != want {
					t.Fatalf("CSV = %q, want a header %q and 2 rows", records, want)
				}
				cells := strings.Join(append(records[1], records[2]...), "\x00")
				for _, h := range hostile[:2] {
					if !strings.Contains(cells, "'"+h) {
						t.Errorf("CSV lacks the neutralised cell %q", "'"+h)
					}
				}
				for _, row := range records {
					for _, cell := range row {
						if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
							t.Errorf("cell %q starts with a formula character", cell)
						}
					}
				}
			})
		})
	}
}
