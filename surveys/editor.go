package surveys

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Editor is the org's survey as admins word it: the version new
// invitations get, each admin's draft with its previews and test email,
// and new versions. Versions are immutable, since answers point at the
// version they answered; only the wording of the questions changes, never
// their keys, kinds or which count toward trust — except that a question
// that joined the default survey after the org's version was made (such
// as fit_honesty) is offered with its default wording, and joins with the
// next version published.
type Editor struct {
	store         editorStore
	clock         Clock
	inTx          txRunner[editorStore]
	questionTexts QuestionTexts
}

// editorStore is what the Editor reads and writes.
type editorStore interface {
	TemplateStore
	SurveyDraftStore
	AuditStore
	EnqueueJob(ctx context.Context, jobs ...*Job) error
}

// Languages are the languages a survey may be worded in: those of the
// default survey's wording, English first.
func (e *Editor) Languages() []string {
	var langs []string
	for lang := range e.questionTexts[QUnderstood] {
		if lang != "en" {
			langs = append(langs, lang)
		}
	}
	slices.Sort(langs)
	return append([]string{"en"}, langs...)
}

// Survey returns the version new invitations get: the org's newest, or,
// before the org has one, the default survey as it would be created
// (ID 0). Needs ScopeRead.
func (e *Editor) Survey(ctx context.Context) (*TemplateVersion, error) {
	a, err := authorize(ctx, ScopeRead)
	if err != nil {
		return nil, err
	}
	return e.current(ctx, e.store, a.OrgID)
}

func (e *Editor) current(ctx context.Context, tx TemplateStore, orgID int64) (*TemplateVersion, error) {
	tv, err := tx.CurrentTemplateVersion(ctx, orgID)
	if ErrorCode(err) == ENOTFOUND {
		return &TemplateVersion{OrgID: orgID, Version: 1, Name: DefaultSurveyName,
			Questions: DefaultQuestions(e.questionTexts), CreatedAt: e.clock.Now()}, nil
	}
	return tv, err
}

// DefaultSurveyName names the default survey.
const DefaultSurveyName = "Trust check"

// Draft returns the signed-in admin's draft, or, without one, the current
// version's wording as a draft not yet stored (zero UpdatedAt). Needs
// ScopeManage and a person.
func (e *Editor) Draft(ctx context.Context) (*SurveyDraft, error) {
	a, err := e.person(ctx)
	if err != nil {
		return nil, err
	}
	d, err := e.store.FindSurveyDraft(ctx, a.OrgID, a.UserID)
	if ErrorCode(err) != ENOTFOUND {
		return d, err
	}
	tv, err := e.current(ctx, e.store, a.OrgID)
	if err != nil {
		return nil, err
	}
	return &SurveyDraft{OrgID: a.OrgID, UserID: a.UserID, Questions: e.editable(tv)}, nil
}

// editable are tv's questions with those of the default survey it lacks,
// in the default survey's order, worded by default.
func (e *Editor) editable(tv *TemplateVersion) []Question {
	var out []Question
	for _, q := range DefaultQuestions(e.questionTexts) {
		if i := slices.IndexFunc(tv.Questions, func(c Question) bool { return c.Key == q.Key }); i >= 0 {
			q = tv.Questions[i]
		}
		out = append(out, q)
	}
	for _, q := range tv.Questions { // an org's own questions stay, after the default ones
		if !slices.ContainsFunc(out, func(c Question) bool { return c.Key == q.Key }) {
			out = append(out, q)
		}
	}
	return out
}

// SaveDraft words the signed-in admin's draft with texts, as WordQuestions
// checks them. Needs ScopeManage and a person. EINVALID.
func (e *Editor) SaveDraft(ctx context.Context, texts QuestionTexts) (*SurveyDraft, error) {
	a, err := e.person(ctx)
	if err != nil {
		return nil, err
	}
	tv, err := e.current(ctx, e.store, a.OrgID)
	if err != nil {
		return nil, err
	}
	qs, err := WordQuestions(e.editable(tv), texts, e.Languages())
	if err != nil {
		return nil, err
	}
	d := &SurveyDraft{OrgID: a.OrgID, UserID: a.UserID, Questions: qs, UpdatedAt: e.clock.Now()}
	return d, e.store.SaveSurveyDraft(ctx, d)
}

// DiscardDraft drops the signed-in admin's draft. Needs ScopeManage and a
// person.
func (e *Editor) DiscardDraft(ctx context.Context) error {
	a, err := e.person(ctx)
	if err != nil {
		return err
	}
	return e.store.DeleteSurveyDraft(ctx, a.OrgID, a.UserID)
}

// Publish makes texts, checked as WordQuestions does, the wording of a new
// version, which invitations created from now on get; the caller's draft
// is dropped. Wording that reads as the current version's makes no new
// version: the current one is returned, with changed false. Needs
// ScopeManage. EINVALID.
func (e *Editor) Publish(ctx context.Context, texts QuestionTexts) (tv *TemplateVersion, changed bool, err error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, false, err
	}
	now := e.clock.Now()
	err = retryConflicts(func() error {
		return e.inTx(ctx, func(tx editorStore) error {
			cur, err := e.current(ctx, tx, a.OrgID)
			if err != nil {
				return err
			}
			qs, err := WordQuestions(e.editable(cur), texts, e.Languages())
			if err != nil {
				return err
			}
			if a.UserID != 0 {
				if err := tx.DeleteSurveyDraft(ctx, a.OrgID, a.UserID); err != nil {
					return err
				}
			}
			if tv, changed = cur, cur.ID == 0 || !SameWording(cur.Questions, qs); !changed {
				return nil
			}
			tv = &TemplateVersion{OrgID: a.OrgID, Version: cur.Version + 1, Name: cur.Name, Questions: qs, CreatedAt: now}
			if cur.ID == 0 {
				tv.Version = 1
			}
			if err := tx.CreateTemplateVersion(ctx, tv); err != nil {
				return err
			}
			return audit(ctx, tx, now, a, "survey.publish", fmt.Sprintf("survey:%d", tv.Version), "")
		})
	})
	return tv, changed, err
}

// person returns the actor when it is a signed-in admin: drafts and test
// emails belong to a person, not to an API key. EFORBIDDEN otherwise.
func (e *Editor) person(ctx context.Context) (*Actor, error) {
	a, err := authorize(ctx, ScopeManage)
	if err == nil && a.UserID == 0 {
		err = Errorf(EFORBIDDEN, "", "drafts and test emails belong to a signed-in admin, not to an API key")
	}
	return a, err
}

// TrialPayload is what a test survey email is made of: the wording
// previewed and its language.
type TrialPayload struct {
	Lang      string     `json:"lang"`
	Questions []Question `json:"questions"`
}

// SendTestSurvey queues the survey email, worded as the signed-in admin's
// draft in lang, to the admin's own address, for a sample rep. It is no
// invitation: nothing is recorded that a score, funnel or export could
// count, and its links open the editor's preview, where nothing is saved.
// Needs ScopeManage and a person. EINVALID naming "lang".
func (e *Editor) SendTestSurvey(ctx context.Context, lang string) error {
	if !slices.Contains(e.Languages(), lang) {
		return Errorf(EINVALID, "lang", "is not a language of the survey")
	}
	d, err := e.Draft(ctx)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(TrialPayload{Lang: lang, Questions: d.Questions})
	if err != nil {
		return err
	}
	return e.store.EnqueueJob(ctx, &Job{OrgID: d.OrgID, Kind: JobSurveyTest, Ref: d.UserID, Payload: string(payload),
		RunAt: e.clock.Now()})
}

// Texts returns the questions' texts by key and language.
func Texts(qs []Question) QuestionTexts {
	out := QuestionTexts{}
	for _, q := range qs {
		out[q.Key] = maps.Clone(q.Texts)
	}
	return out
}
