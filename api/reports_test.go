package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// mustAnswered records an interaction of rep ext with buyer, sends its
// survey and answers it with comment, as the buyer would.
func mustAnswered(t *testing.T, env *apitest.Env, ext, rep, buyer string, rating int, comment string) {
	t.Helper()
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	res, err := env.Services.Delivery.RecordInteraction(ctx, surveys.NewInteraction{ExternalID: ext, Rep: rep,
		Buyer: surveys.Buyer{Email: buyer, Name: "Buyer " + ext}, OccurredAt: time.Now().Add(-3 * time.Hour), Kind: "call"})
	if err != nil {
		t.Fatal(err)
	}
	env.MustSend(t, res.Invitation.ID)
	token := surveys.InvitationToken(env.Org.Secret, res.Invitation.ID)
	if _, err := env.Services.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{"understood": rating}, Comment: comment}); err != nil {
		t.Fatal(err)
	}
}

func TestReports(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			sales := mustTeam(t, env, manage, `{"name":"Vertrieb Süd"}`)
			var zoe, dima rep
			env.MustDo(t, http.MethodPost, "/api/v1/reps", manage,
				`{"external_id":"z","name":"Zoë Łukasiewicz","email":"zoe@acme.test","team":"Vertrieb Süd"}`, http.StatusCreated, &zoe)
			env.MustDo(t, http.MethodPost, "/api/v1/reps", manage,
				`{"external_id":"d","name":"Дмитрий Орлов","email":"dima@acme.test","team":"Vertrieb Süd"}`, http.StatusCreated, &dima)
			mustRep(t, env, manage, "j", "José Müller", "jose@acme.test", http.StatusCreated) // no team
			mustAnswered(t, env, "i1", "z", "b1@buyer.test", 5, "great call 👍 <script>alert(1)</script>")
			mustAnswered(t, env, "i2", "z", "b2@buyer.test", 4, `=HYPERLINK("http://x.test","y")`)

			repPDF := fmt.Sprintf("/api/v1/reports/reps/%d.pdf", zoe.ID)
			teamPDF := fmt.Sprintf("/api/v1/reports/teams/%d.pdf", sales.ID)
			teamZIP := fmt.Sprintf("/api/v1/reports/teams/%d/cards.zip", sales.ID)
			pdf := map[string]string{"Content-Type": "application/pdf", "Content-Disposition": "attachment"}
			zipped := map[string]string{"Content-Type": "application/zip", "Content-Disposition": "cards.zip"}
			var scenarios []apitest.Scenario
			for _, path := range []string{repPDF, teamPDF, teamZIP, "/api/v1/reports/org/cards.zip"} {
				scenarios = append(scenarios,
					apitest.Scenario{Name: "WriteKeyMayNot_" + path, Method: http.MethodGet, Path: path, Key: write, WantStatus: 403,
						WantContains: []string{`lacks the \"read\" scope`}, WantHeader: problem},
					apitest.Scenario{Name: "BadWindow_" + path, Method: http.MethodGet, Path: path + "?from=2026-13-01", Key: read,
						WantStatus: 422, WantContains: []string{"from"}, WantHeader: problem})
			}
			scenarios = append(scenarios,
				apitest.Scenario{Name: "ReadKeyRepCard", Method: http.MethodGet, Path: repPDF, Key: read, WantStatus: 200,
					WantContains: []string{"%PDF-1."}, WantHeader: pdf},
				apitest.Scenario{Name: "ManageKeyTeamReport", Method: http.MethodGet, Path: teamPDF, Key: manage, WantStatus: 200,
					WantContains: []string{"%PDF-1."}, WantHeader: pdf},
				apitest.Scenario{Name: "ReadKeyTeamCards", Method: http.MethodGet, Path: teamZIP, Key: read, WantStatus: 200, WantHeader: zipped},
				apitest.Scenario{Name: "OtherOrgRep", Method: http.MethodGet, Path: repPDF, Key: other, WantStatus: 404, WantHeader: problem},
				apitest.Scenario{Name: "OtherOrgTeam", Method: http.MethodGet, Path: teamPDF, Key: other, WantStatus: 404, WantHeader: problem},
				apitest.Scenario{Name: "OtherOrgTeamCards", Method: http.MethodGet, Path: teamZIP, Key: other, WantStatus: 404, WantHeader: problem},
				apitest.Scenario{Name: "UnknownRep", Method: http.MethodGet, Path: "/api/v1/reports/reps/999999.pdf", Key: read, WantStatus: 404},
				apitest.Scenario{Name: "NotAPDFPath", Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/reports/reps/%d.png", zoe.ID), Key: read, WantStatus: 404},
				apitest.Scenario{Name: "WindowAfterEnd", Method: http.MethodGet, Path: repPDF + "?from=2026-05-01&to=2026-04-01", Key: read,
					WantStatus: 422, WantContains: []string{"must not be after to"}},
			)
			apitest.Run(t, env, scenarios)

			t.Run("RepCardReadsBack", func(t *testing.T) {
				res := env.MustDo(t, http.MethodGet, repPDF, read, "", 200, nil)
				text := reporttest.MustText(t, res.Body)
				for _, want := range []string{"Zoë Łukasiewicz", "Team Vertrieb Süd", "n = 2", "great call □ <script>alert(1)</script>",
					`=HYPERLINK("http://x.test","y")`, "— anonymous buyer", "interactions posted"} {
					if !strings.Contains(text, want) {
						t.Errorf("card lacks %q:\n%s", want, text)
					}
				}
			})
			t.Run("TeamReportReadsBack", func(t *testing.T) {
				text := reporttest.MustText(t, env.MustDo(t, http.MethodGet, teamPDF, read, "", 200, nil).Body)
				for _, want := range []string{"Vertrieb Süd", "2 reps", "Zoë Łukasiewicz (low confidence)", "Дмитрий Орлов"} {
					if !strings.Contains(text, want) {
						t.Errorf("team report lacks %q:\n%s", want, text)
					}
				}
			})
			t.Run("ZipHoldsEachCard", func(t *testing.T) {
				for path, want := range map[string][]string{teamZIP: {"Zoë Łukasiewicz", "Дмитрий Орлов"},
					"/api/v1/reports/org/cards.zip": {"Zoë Łukasiewicz", "Дмитрий Орлов", "José Müller"}} {
					body := env.MustDo(t, http.MethodGet, path, read, "", 200, nil).Body
					z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					if len(z.File) != len(want) {
						t.Errorf("%s holds %d cards, want %d", path, len(z.File), len(want))
					}
					var all strings.Builder
					for _, f := range z.File {
						r, _ := f.Open()
						var b bytes.Buffer
						_, _ = b.ReadFrom(r)
						all.WriteString(reporttest.MustText(t, b.Bytes()))
					}
					for _, name := range want {
						if !strings.Contains(all.String(), name) {
							t.Errorf("%s has no card of %s", path, name)
						}
					}
				}
			})
		})
	}
}

// The OpenAPI document says the report operations answer with files.
func TestReportsInOpenAPI(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	env.MustDo(t, http.MethodGet, "/api/v1/openapi.json", "", "", 200, &doc)
	for path, typ := range map[string]string{"/reports/reps/{id}.pdf": "application/pdf", "/reports/teams/{id}.pdf": "application/pdf",
		"/reports/teams/{id}/cards.zip": "application/zip", "/reports/org/cards.zip": "application/zip"} {
		content := doc.Paths[path]["get"].Responses["200"].Content
		if _, ok := content[typ]; !ok || len(content) != 1 {
			t.Errorf("%s answers %v, want %s", path, content, typ)
		}
	}
}

// A rep card's download name keeps the rep's name, encoded for the header.
func TestReportFileName(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t)
	r := mustRep(t, env, key, "z", "Zoë Łukasiewicz", "zoe@acme.test", http.StatusCreated)
	res := env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/reps/%d.pdf", r.ID), key, "", 200, nil)
	if got, want := res.Header.Get("Content-Disposition"), "attachment; filename*=utf-8''00001-zo%C3%AB-%C5%82ukasiewicz.pdf"; got != want {
		t.Errorf("Content-Disposition = %q, want %q", got, want)
	}
}
