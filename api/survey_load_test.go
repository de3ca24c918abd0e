package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
)

// BenchmarkPostSurvey measures POST /s/{token} of the real server on
// PostgreSQL, each request a different buyer's full answers with its page's
// form token: as fast as it goes (closed loop), and open loop at the rates
// of TRUSTCARD_LOAD_RATES (default 250, 500 and 1,000 a second; "none"
// for none). Beside it,
// a minimal Fiber+GORM handler parses the same form and inserts one row.
//
//	go test ./api/ -run '^$' -bench 'PostSurvey$' -benchtime 3000x
func BenchmarkPostSurvey(b *testing.B) {
	b.Run("trustcard", func(b *testing.B) { runLoad(b, surveyCalls(b, startSurveyLoad(b), loadTeams)) })
	b.Run("trustcard/teams=1", func(b *testing.B) { runLoad(b, surveyCalls(b, startSurveyLoad(b), 1)) })
	for _, rate := range loadRates(b) {
		b.Run(fmt.Sprintf("trustcard/rate=%d", rate), func(b *testing.B) { runAtRate(b, surveyCalls(b, startSurveyLoad(b), loadTeams), rate) })
	}

	b.Run("baseline", func(b *testing.B) {
		u := startBaseline(b, &loadAnswer{}, "/s/:token", func(db *gorm.DB) fiber.Handler {
			return func(c *fiber.Ctx) error {
				row := loadAnswer{Token: c.Params("token"), Understood: c.FormValue("understood"), Diagnosed: c.FormValue("diagnosed"),
					Recommend: c.FormValue("recommend"), Comment: c.FormValue("comment"), CreatedAt: time.Now().UTC()}
				if err := db.WithContext(c.UserContext()).Create(&row).Error; err != nil {
					return c.Status(fiber.StatusInternalServerError).SendString(err.Error())
				}
				return c.SendString("Thank you!")
			}
		})
		calls := make([]loadCall, b.N)
		for i := range calls {
			calls[i] = surveyCall(u[:len(u)-len(":token")]+fmt.Sprintf("s%d", i), "form-token")
		}
		runLoad(b, calls)
	})
}

// startSurveyLoad starts the real server on PostgreSQL, its per-address
// limit lifted: every request of the run comes from this one address.
func startSurveyLoad(b *testing.B) *apitest.Env {
	l := api.DefaultLimits
	l.BuyerPerAddress = b.N + 1
	l.APIKey, l.Ingest = api.Rate{}, api.Rate{} // the set-up posts b.N interactions with one key
	return apitest.MustStartLimits(b, "postgres", l)
}

// loadAnswer is the baseline's one table.
type loadAnswer struct {
	ID                               int64
	Token                            string `gorm:"not null"`
	Understood, Diagnosed, Recommend string
	Comment                          string
	CreatedAt                        time.Time `gorm:"not null"`
}

// surveyCall is the survey form with full answers, sent to u.
func surveyCall(u, form string) loadCall {
	body := url.Values{"form_token": {form}, "understood": {"4"}, "diagnosed": {"5"}, "recommend": {"9"},
		"comment": {"Knew our stack and said when a module was not a fit."}}.Encode()
	return loadCall{url: u, contentType: "application/x-www-form-urlencoded", body: body, want: http.StatusOK}
}

// loadReps is how many reps the answers of a load run are spread over, in
// loadTeams teams: a company answering 1,000 surveys a second has many reps
// and teams, and each rep's and each team's score cells take one answer at
// a time (the teams=1 run shows the ceiling of one team).
const (
	loadReps  = 50
	loadTeams = 10
)

// surveyCalls makes b.N sent invitations, each to its own buyer, for
// loadReps reps in teams teams, directly in the store, and returns a survey
// POST with its page's form token for each.
func surveyCalls(b *testing.B, env *apitest.Env, teams int) []loadCall {
	b.Helper()
	key := env.MustKey(b)
	for t := range teams {
		env.MustDo(b, http.MethodPost, "/api/v1/teams", key, fmt.Sprintf(`{"name":"Load team %d"}`, t), http.StatusCreated, nil)
	}
	reps := make([]loadRep, loadReps)
	for i := range reps {
		var rep struct {
			ID     int64
			TeamID int64 `json:"team_id"`
		}
		env.MustDo(b, http.MethodPost, "/api/v1/reps", key, fmt.Sprintf(`{"external_id":"crm-load-%d","name":"Load Rep","email":"load-rep-%d@example.com","team":"Load team %d"}`, i, i, i%teams),
			http.StatusCreated, &rep)
		reps[i] = loadRep{rep.ID, rep.TeamID}
	}
	env.MustDo(b, http.MethodPost, "/api/v1/interactions", key, interactionBody("load-first", "crm-load-0"), http.StatusCreated, nil) // makes the survey's first version
	ctx := context.Background()
	tv, err := env.DB.CurrentTemplateVersion(ctx, env.Org.ID)
	if err != nil {
		b.Fatal(err)
	}
	calls := make([]loadCall, b.N)
	errs := make(chan error, b.N)
	var wg sync.WaitGroup
	const setupWorkers = 8
	for w := range setupWorkers {
		wg.Go(func() {
			for i := w; i < b.N; i += setupWorkers {
				token, err := sentInvitation(ctx, env, reps[i%loadReps], tv.ID, i)
				if err != nil {
					errs <- err
					return
				}
				v, err := env.Services.Buyers.OpenSurvey(ctx, token)
				if err != nil {
					errs <- err
					return
				}
				calls[i] = surveyCall(env.URL+"/s/"+token, v.FormToken)
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatalf("set up invitations: %v", err)
	}
	return calls
}

// loadRep is a rep of a load run and its team.
type loadRep struct{ ID, TeamID int64 }

// sentInvitation stores buyer i, an interaction with rep and its sent
// invitation, and returns the survey link's token.
func sentInvitation(ctx context.Context, env *apitest.Env, rep loadRep, templateID int64, i int) (string, error) {
	now := time.Now().UTC()
	email := fmt.Sprintf("load-buyer-%d@example.org", i)
	buyer := &surveys.Buyer{OrgID: env.Org.ID, Email: email, EmailHash: surveys.EmailHash(email), Status: surveys.BuyerActive, CreatedAt: now}
	if err := env.DB.UpsertBuyer(ctx, buyer); err != nil {
		return "", err
	}
	ix := &surveys.Interaction{OrgID: env.Org.ID, ExternalID: fmt.Sprintf("load-%d", i), RepID: rep.ID, TeamID: rep.TeamID, BuyerID: buyer.ID,
		Kind: "meeting", OccurredAt: now.Add(-3 * time.Hour), BodyHash: "load", CreatedAt: now}
	if err := env.DB.CreateInteraction(ctx, ix); err != nil {
		return "", err
	}
	inv := &surveys.Invitation{OrgID: env.Org.ID, InteractionID: ix.ID, RepID: rep.ID, TeamID: rep.TeamID, BuyerID: buyer.ID, TemplateVersionID: templateID,
		Status: surveys.InvitationSent, Locale: "en", DueAt: now.Add(-time.Hour), SentAt: now.Add(-time.Hour),
		ExpiresAt: now.Add(14 * 24 * time.Hour), CreatedAt: now}
	if err := env.DB.CreateInvitation(ctx, inv); err != nil {
		return "", err
	}
	token := surveys.InvitationToken(env.Org.Secret, inv.ID)
	inv.TokenHash = surveys.HashSecret(token)
	return token, env.DB.UpdateInvitation(ctx, inv)
}

// BenchmarkSurveyLinkTiming times GET /s/{token} of the real server on
// PostgreSQL for known links and unknown ones, alternately, and reports
// each one's median and their ratio, which stays near 1 when an unknown
// link costs what a known one does. (TestSurveyUnknownTokenLookups checks
// that both ask the same of the database.)
//
//	go test ./api/ -run '^$' -bench SurveyLinkTiming -benchtime 500x
func BenchmarkSurveyLinkTiming(b *testing.B) {
	l := api.DefaultLimits
	l.BuyerPerAddress = 2*b.N + 1
	l.APIKey, l.Ingest = api.Rate{}, api.Rate{}
	env := apitest.MustStartLimits(b, "postgres", l)
	calls := surveyCalls(b, env, loadTeams)
	known, unknown := make([]time.Duration, b.N), make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		known[i] = timedGet(b, env, strings.TrimPrefix(calls[i].url, env.URL), http.StatusOK)
		unknown[i] = timedGet(b, env, fmt.Sprintf("/s/s%043d", i), http.StatusNotFound)
	}
	b.StopTimer()
	k, u := median(known), median(unknown)
	b.ReportMetric(k.Seconds()*1000, "known-ms")
	b.ReportMetric(u.Seconds()*1000, "unknown-ms")
	b.ReportMetric(float64(u)/float64(k), "unknown/known")
}

// timedGet gets path, wants its status, and returns how long it took.
func timedGet(b *testing.B, env *apitest.Env, path string, want int) time.Duration {
	start := time.Now()
	env.MustDo(b, http.MethodGet, path, "", "", want, nil)
	return time.Since(start)
}

// median returns the middle of lat, sorting it.
func median(lat []time.Duration) time.Duration {
	slices.Sort(lat)
	return lat[len(lat)/2]
}
