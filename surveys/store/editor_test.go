package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"testing"
	"time"

	"trustcard/surveys"
)

// The survey editor against each real database: drafts, new versions, and
// test emails that count nowhere.
func TestEditor(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"DraftSavedReplacedDiscarded", testEditorDraft},
		{"WordingChecked", testEditorWordingChecked},
		{"PublishMakesAVersion", testEditorPublish},
		{"TestEmailCountsNowhere", testEditorTestEmail},
		{"AddsNewDefaultQuestion", testEditorAddsNewDefaultQuestion},
	})
}

// editorTexts word the default survey in English and German.
func editorTexts() surveys.QuestionTexts {
	texts := surveys.QuestionTexts{}
	for _, q := range surveys.DefaultQuestions(nil) {
		texts[q.Key] = map[string]string{"en": "Did {rep} do " + q.Key + "?", "de": "Hat {rep} " + q.Key + "?"}
	}
	return texts
}

// asEditor words the default survey and returns the context of an admin
// who signed in.
func asEditor(t *testing.T, p *pipeline) context.Context {
	t.Helper()
	p.svc.WordDefaultSurvey(editorTexts())
	u := &surveys.User{Email: "ada@acme.test", Name: "Ada", Role: surveys.RoleAdmin}
	if _, err := p.svc.Directory.CreateUser(p.ctx, u); err != nil {
		t.Fatal(err)
	}
	return surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: p.org.ID, UserID: u.ID, Role: surveys.RoleAdmin, Name: u.Email})
}

func testEditorDraft(t *testing.T, p *pipeline) {
	admin := asEditor(t, p)
	d, err := p.svc.Editor.Draft(admin)
	if err != nil || !d.UpdatedAt.IsZero() || !maps.Equal(d.Questions[0].Texts, editorTexts()[surveys.QUnderstood]) {
		t.Fatalf("draft before any: %+v, %v; want the default wording, not stored", d, err)
	}
	texts := editorTexts()
	texts[surveys.QUnderstood] = map[string]string{"en": "  {rep} listened.  ", "de": ""}
	if _, err := p.svc.Editor.SaveDraft(admin, texts); err != nil {
		t.Fatal(err)
	}
	texts[surveys.QDiagnosed]["de"] = "Hat {rep} gefragt?"
	if _, err := p.svc.Editor.SaveDraft(admin, texts); err != nil {
		t.Fatal(err)
	}
	d, err = p.svc.Editor.Draft(admin)
	if err != nil {
		t.Fatal(err)
	}
	got := surveys.Texts(d.Questions)
	if got[surveys.QUnderstood]["en"] != "{rep} listened." || got[surveys.QUnderstood]["de"] != "" ||
		got[surveys.QDiagnosed]["de"] != "Hat {rep} gefragt?" || d.UpdatedAt.IsZero() {
		t.Errorf("draft after two saves: %v", got)
	}
	if _, err := p.svc.Editor.Draft(p.ctx); surveys.ErrorCode(err) != surveys.EFORBIDDEN {
		t.Errorf("an API key's draft: %v, want forbidden", err)
	}
	if err := p.svc.Editor.DiscardDraft(admin); err != nil {
		t.Fatal(err)
	}
	if d, err := p.svc.Editor.Draft(admin); err != nil || !d.UpdatedAt.IsZero() {
		t.Errorf("draft after discarding: %+v, %v; want the current wording again", d, err)
	}
}

func testEditorWordingChecked(t *testing.T, p *pipeline) {
	admin := asEditor(t, p)
	for _, tt := range []struct {
		name, key, lang, text, field string
	}{
		{"Template", surveys.QUnderstood, "en", "{{.Org.Secret}} understood", "questions.understood.en"},
		{"ClosingBraces", surveys.QUnderstood, "de", "Hat {rep} }} verstanden?", "questions.understood.de"},
		{"OtherPlaceholder", surveys.QDiagnosed, "en", "{name} asked first.", "questions.diagnosed.en"},
		{"LoneBrace", surveys.QDiagnosed, "en", "{rep asked first.", "questions.diagnosed.en"},
		{"NoEnglish", surveys.QPrepared, "en", " ", "questions.prepared.en"},
		{"TooShort", surveys.QPrepared, "de", "ok", "questions.prepared.de"},
		{"TooLong", surveys.QPrepared, "en", string(make([]byte, 301)), "questions.prepared.en"},
		{"NewLine", surveys.QPrepared, "en", "{rep} came\nprepared.", "questions.prepared.en"},
		{"UnknownLanguage", surveys.QPrepared, "it", "{rep} era pronto.", "questions.prepared.it"},
		{"UnknownQuestion", "price", "en", "Was it cheap?", "questions.price"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			texts := editorTexts()
			if texts[tt.key] == nil {
				texts[tt.key] = map[string]string{}
			}
			texts[tt.key][tt.lang] = tt.text
			_, err := p.svc.Editor.SaveDraft(admin, texts)
			if field, _ := surveys.ErrorDetail(err); surveys.ErrorCode(err) != surveys.EINVALID || field != tt.field {
				t.Errorf("SaveDraft = %v, want invalid naming %s", err, tt.field)
			}
			if _, _, err := p.svc.Editor.Publish(admin, texts); surveys.ErrorCode(err) != surveys.EINVALID {
				t.Errorf("Publish = %v, want invalid", err)
			}
		})
	}
}

func testEditorPublish(t *testing.T, p *pipeline) {
	admin := asEditor(t, p)
	before, err := p.post(t, "i1", "bo@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	texts := editorTexts()
	texts[surveys.QUnderstood]["en"] = "{rep} got what I needed."
	if _, err := p.svc.Editor.SaveDraft(admin, texts); err != nil {
		t.Fatal(err)
	}
	tv, changed, err := p.svc.Editor.Publish(admin, texts)
	if err != nil || !changed || tv.Version != 2 {
		t.Fatalf("publish: version %+v, changed %v, %v; want version 2", tv, changed, err)
	}
	q, _ := tv.Question(surveys.QRecommend)
	if q.Kind != surveys.KindScale || q.Trust {
		t.Errorf("recommend became %+v: kinds and trust are not the editor's", q)
	}
	if d, _ := p.svc.Editor.Draft(admin); !d.UpdatedAt.IsZero() {
		t.Errorf("the draft outlived publishing")
	}
	after, err := p.post(t, "i2", "cy@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := p.db.FindInvitation(ctx, p.org.ID, before.Invitation.ID)
	if old.TemplateVersionID == after.Invitation.TemplateVersionID || after.Invitation.TemplateVersionID != tv.ID {
		t.Errorf("invitations point at versions %d then %d, want the old one kept and %d", old.TemplateVersionID,
			after.Invitation.TemplateVersionID, tv.ID)
	}
	again, changed, err := p.svc.Editor.Publish(p.ctx, texts)
	if err != nil || changed || again.ID != tv.ID {
		t.Errorf("publishing the same wording: %+v, changed %v, %v; want version 2 unchanged", again, changed, err)
	}
	if got, err := p.svc.Editor.Survey(p.ctx); err != nil || got.Version != 2 {
		t.Errorf("Survey = %+v, %v; want version 2", got, err)
	}
}

// A test email is no invitation: the org's figures, invitations and
// responses read the same after one is queued and sent.
func testEditorTestEmail(t *testing.T, p *pipeline) {
	admin := asEditor(t, p)
	win := surveys.Window{From: p.clock.now.AddDate(0, 0, -30), To: p.clock.now.AddDate(0, 0, 1)}
	count := func() string {
		t.Helper()
		f, err := p.svc.Scores.ScoreOrg(p.ctx, win)
		if err != nil {
			t.Fatal(err)
		}
		_, invs, err := p.svc.Delivery.FindInvitations(p.ctx, surveys.InvitationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(f)
		return fmt.Sprintf("%s, %d invitations", b, invs)
	}
	res, err := p.post(t, "i1", "bo@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p.send(t, res.Invitation.ID)
	token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: all(4)}); err != nil {
		t.Fatal(err)
	}
	before := count()
	if err := p.svc.Editor.SendTestSurvey(admin, "xx"); surveys.ErrorCode(err) != surveys.EINVALID {
		t.Errorf("a test email in no language of the survey: %v", err)
	}
	if err := p.svc.Editor.SendTestSurvey(admin, "de"); err != nil {
		t.Fatal(err)
	}
	jobs, err := p.svc.Worker.ClaimJobs(ctx, 10, time.Minute)
	if err != nil || len(jobs) != 1 || jobs[0].Kind != surveys.JobSurveyTest {
		t.Fatalf("claimed %v, %v; want the test email's job", jobs, err)
	}
	out, err := p.svc.Worker.TrialOutgoing(ctx, jobs[0])
	if err != nil || out.Buyer.Email != "ada@acme.test" || out.Rep.FirstName() != surveys.SampleRepName || out.Invitation.Locale != "de" {
		t.Fatalf("test email %+v, %v; want it to the admin, for Will, in German", out, err)
	}
	if err := p.svc.Worker.FinishJob(ctx, jobs[0]); err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before {
		t.Errorf("figures moved with a test email: %s, then %s", before, after)
	}
}

// A survey made before fit_honesty joined the default one offers it, with
// its default wording, in the draft; publishing adds it as a trust item.
func testEditorAddsNewDefaultQuestion(t *testing.T, p *pipeline) {
	admin := asEditor(t, p)
	var old []surveys.Question
	for _, q := range surveys.DefaultQuestions(editorTexts()) {
		if q.Key != surveys.QFitHonesty {
			old = append(old, q)
		}
	}
	tv := &surveys.TemplateVersion{OrgID: p.org.ID, Version: 1, Name: surveys.DefaultSurveyName, Questions: old, CreatedAt: time.Now()}
	if err := p.db.CreateTemplateVersion(p.ctx, tv); err != nil {
		t.Fatal(err)
	}
	d, err := p.svc.Editor.Draft(admin)
	if err != nil {
		t.Fatal(err)
	}
	texts := surveys.Texts(d.Questions)
	if texts[surveys.QFitHonesty]["en"] != editorTexts()[surveys.QFitHonesty]["en"] {
		t.Fatalf("draft of a four-item survey: %v; want fit_honesty offered with its default wording", texts)
	}
	got, changed, err := p.svc.Editor.Publish(admin, texts)
	if err != nil || !changed || got.Version != 2 {
		t.Fatalf("publish: version %+v, changed %v, %v", got, changed, err)
	}
	q, ok := got.Question(surveys.QFitHonesty)
	if !ok || !q.Trust || !q.NotApplicable || len(got.Questions) != len(surveys.DefaultQuestions(nil)) {
		t.Errorf("published questions %+v; want fit_honesty as a trust item with \"didn't come up\"", got.Questions)
	}
}
