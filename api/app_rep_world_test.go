package api_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// Texts the rep's page is checked for.
const (
	hostileComment  = "great call 👍 <script>alert(1)</script> \u202Eevil\u202C"
	hostileName     = `"><img src=x onerror=alert(1)> José Müller`
	unsharedBuyer   = "Bob Secret"
	unsharedComment = "Prices came too early in the call."
	sharedBuyer     = "Ann Shared"
	zoeAnswersNow   = 21 // one more than a page of the feed
)

// repWorld is an org for the rep's page: Sales led by a leader and Other
// led by another; Zoë in Sales with more than a page of answers now and
// two in the previous period; Dima in Other with none; a rep with a
// hostile name and no team with two; and a sign-in link token for each
// person, and for an admin of another company.
type repWorld struct {
	env              *apitest.Env
	sales, other     *surveys.Team
	zoe, dima, loner *surveys.Rep
	tokens           map[string]string // by who: admin, leader, otherLeader, zoe, dima, loner, stranger
	mail             int64             // a captured message with a file, to Zoë's buyer
}

// mustRepWorld builds the world on a new server of driver, in the org's
// time zone tz.
func mustRepWorld(t *testing.T, driver, tz string) *repWorld {
	t.Helper()
	env := apitest.MustStart(t, driver)
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	if _, err := env.Services.Directory.PatchSettings(ctx, func(s *surveys.Settings) { s.TimeZone = tz }); err != nil {
		t.Fatal(err)
	}
	w := &repWorld{env: env, tokens: map[string]string{}}
	w.mustUser(t, ctx, "admin", surveys.RoleAdmin, 0)
	w.sales = mustCreateTeam(t, ctx, env, "Sales", w.mustUser(t, ctx, "leader", surveys.RoleLeader, 0))
	w.other = mustCreateTeam(t, ctx, env, "Other", w.mustUser(t, ctx, "otherLeader", surveys.RoleLeader, 0))
	w.zoe = mustUpsertRep(t, ctx, env, "z", "Zoë Łukasiewicz", "Sales")
	w.dima = mustUpsertRep(t, ctx, env, "d", "Дмитрий Орлов", "Other")
	w.loner = mustUpsertRep(t, ctx, env, "j", hostileName, "")
	w.mustUser(t, ctx, "zoe", surveys.RoleRep, w.zoe.ID)
	w.mustUser(t, ctx, "dima", surveys.RoleRep, w.dima.ID)
	w.mustUser(t, ctx, "loner", surveys.RoleRep, w.loner.ID)
	w.tokens["stranger"] = mustStranger(t, env)
	w.mustAnswers(t)
	m := &surveys.CapturedMail{OrgID: env.Org.ID, MessageID: "<card@acme.test>", To: "buyer@zoe.test", Subject: "Zoë Łukasiewicz's card",
		HTML: "<p>Card</p>", Text: "Card", CreatedAt: time.Now().UTC(), Files: []surveys.MailFile{{Name: "card.pdf", ContentType: "application/pdf", Data: []byte("%PDF")}}}
	if err := env.DB.CaptureMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	w.mail = m.ID
	return w
}

// mustUser creates a user named who and keeps their sign-in token.
func (w *repWorld) mustUser(t *testing.T, ctx context.Context, who string, role surveys.Role, repID int64) int64 {
	t.Helper()
	u := &surveys.User{Email: who + "@acme.test", Name: who, Role: role, RepID: repID}
	token, err := w.env.Services.Directory.CreateUser(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	w.tokens[who] = token
	return u.ID
}

func mustCreateTeam(t *testing.T, ctx context.Context, env *apitest.Env, name string, leader int64) *surveys.Team {
	t.Helper()
	tm := &surveys.Team{Name: name, LeaderIDs: []int64{leader}}
	if err := env.Services.Directory.CreateTeam(ctx, tm); err != nil {
		t.Fatal(err)
	}
	return tm
}

func mustUpsertRep(t *testing.T, ctx context.Context, env *apitest.Env, ext, name, team string) *surveys.Rep {
	t.Helper()
	r, _, err := env.Services.Directory.UpsertRep(ctx, surveys.RepInput{ExternalID: ext, Name: name,
		Email: ext + "@acme.test", Team: team, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustStranger creates another company with an admin and returns the
// admin's sign-in token.
func mustStranger(t *testing.T, env *apitest.Env) string {
	t.Helper()
	secret, _ := surveys.NewSecret("")
	org := &surveys.Org{Name: "Other company", Settings: surveys.DefaultSettings(), Secret: secret, CreatedAt: time.Now().UTC()}
	if err := env.DB.CreateOrg(context.Background(), org); err != nil {
		t.Fatal(err)
	}
	token, err := env.Services.Directory.CreateUser(apitest.AsAdmin(context.Background(), org),
		&surveys.User{Email: "stranger@other.test", Role: surveys.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// repAnswer is one buyer's answers to a survey about a rep.
type repAnswer struct {
	rep            string // the rep's external id
	buyer, company string
	ratings        map[string]int
	comment        string
	share          bool
}

// mustAnswers gives Zoë two answers in the previous period and
// zoeAnswersNow in this one, and the lone rep two without a comment.
func (w *repWorld) mustAnswers(t *testing.T) {
	t.Helper()
	past := &testClock{now: time.Now().UTC().AddDate(0, 0, -surveys.DefaultWindowDays-10)}
	then := surveys.New(w.env.DB, past)
	then.WordDefaultSurvey(catalog.Default.QuestionTexts())
	for i := range 2 {
		w.mustAnswer(t, then, past.now, fmt.Sprintf("past-%d", i), repAnswer{rep: "z", buyer: "Past buyer",
			ratings: map[string]int{surveys.QUnderstood: 3, surveys.QPrepared: 2 + i, surveys.QRecommend: 6}})
	}
	now := time.Now().UTC()
	answers := []repAnswer{
		{rep: "z", buyer: unsharedBuyer, company: "Secret Co", comment: unsharedComment,
			ratings: map[string]int{surveys.QUnderstood: 1, surveys.QDiagnosed: 2, surveys.QRecommend: 3}},
		{rep: "z", buyer: sharedBuyer, company: "Shared Ltd", comment: hostileComment, share: true,
			ratings: map[string]int{surveys.QUnderstood: 5, surveys.QInterest: 5, surveys.QRecommend: 10}},
	}
	for i := len(answers); i < zoeAnswersNow; i++ {
		answers = append(answers, repAnswer{rep: "z", buyer: "Buyer " + strconv.Itoa(i),
			ratings: map[string]int{surveys.QUnderstood: 4, surveys.QDiagnosed: 4 + i%2, surveys.QPrepared: 4, surveys.QRecommend: 9}})
	}
	answers = append(answers, repAnswer{rep: "j", buyer: "Lone buyer", ratings: map[string]int{surveys.QUnderstood: 4}},
		repAnswer{rep: "j", buyer: "Lone buyer 2", ratings: map[string]int{surveys.QPrepared: 3}})
	for i, a := range answers {
		w.mustAnswer(t, w.env.Services, now, fmt.Sprintf("now-%d", i), a)
	}
}

// mustAnswer records interaction ext of a.rep through the services svc,
// whose clock says it is now, sends its survey and answers it as a says.
func (w *repWorld) mustAnswer(t *testing.T, svc *surveys.Services, now time.Time, ext string, a repAnswer) {
	t.Helper()
	ctx := apitest.AsAdmin(context.Background(), w.env.Org)
	res, err := svc.Delivery.RecordInteraction(ctx, surveys.NewInteraction{ExternalID: ext, Rep: a.rep,
		Buyer:      surveys.Buyer{Email: ext + "@buyer.test", Name: a.buyer, Company: a.company},
		OccurredAt: now.Add(-3 * time.Hour), Kind: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	w.env.MustSendAt(t, svc, res.Invitation.ID, now)
	token := surveys.InvitationToken(w.env.Org.Secret, res.Invitation.ID)
	answer := surveys.Answer{Ratings: a.ratings, Comment: a.comment, ShareName: a.share}
	if _, err := svc.Buyers.SubmitResponse(ctx, token, answer); err != nil {
		t.Fatal(err)
	}
}

// repPath is the page of rep r with the query q.
func repPath(r *surveys.Rep, q string) string {
	if q == "" {
		return fmt.Sprintf("/app/reps/%d", r.ID)
	}
	return fmt.Sprintf("/app/reps/%d?%s", r.ID, q)
}
