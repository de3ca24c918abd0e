package api

import (
	"context"
	"fmt"
	"time"

	"trustcard/surveys"
)

// surveyQuestionBody is one question of the survey. Key, kind and trust
// are the score's definition; only the texts may change.
type surveyQuestionBody struct {
	Key   string            `json:"key" doc:"The question's key: understood, diagnosed, interest, prepared, recommend or comment"`
	Kind  string            `json:"kind" enum:"rating,scale,text" doc:"rating 1-5, scale 0-10 or free text"`
	Trust bool              `json:"trust" doc:"Whether the answer counts toward the trust score"`
	Texts map[string]string `json:"texts" doc:"The question by language; plain text with {rep} for the rep's first name. A language left out reads in English"`
}

type surveyBody struct {
	ID        int64                `json:"id" doc:"0 while the org has no stored survey yet (the default is shown)"`
	Version   int                  `json:"version" doc:"Versions are immutable: answers point at the one they answered"`
	Name      string               `json:"name"`
	CreatedAt time.Time            `json:"created_at"`
	Languages []string             `json:"languages" doc:"The languages a question may be worded in; English is required"`
	Questions []surveyQuestionBody `json:"questions"`
}

type surveyOutput struct{ Body surveyBody }

func (s *Server) newSurveyBody(tv *surveys.TemplateVersion) surveyBody {
	b := surveyBody{ID: tv.ID, Version: tv.Version, Name: tv.Name, CreatedAt: tv.CreatedAt, Languages: s.Editor.Languages()}
	for _, q := range tv.Questions {
		b.Questions = append(b.Questions, surveyQuestionBody{Key: q.Key, Kind: string(q.Kind), Trust: q.Trust, Texts: q.Texts})
	}
	return b
}

func (s *Server) getSurvey(ctx context.Context, _ *struct{}) (*surveyOutput, error) {
	tv, err := s.Editor.Survey(ctx)
	if err != nil {
		return nil, err
	}
	return &surveyOutput{Body: s.newSurveyBody(tv)}, nil
}

// surveyQuestionPut words one question. Kind and trust may be sent back as
// read, but not changed.
type surveyQuestionPut struct {
	Key   string            `json:"key" maxLength:"40"`
	Kind  *string           `json:"kind,omitempty" doc:"Optional; must be the question's kind"`
	Trust *bool             `json:"trust,omitempty" doc:"Optional; must be the question's"`
	Texts map[string]string `json:"texts" doc:"The question by language (en required); at most 300 characters each"`
}

type surveyPut struct {
	Questions []surveyQuestionPut `json:"questions" maxItems:"20" doc:"Every question to reword; a question left out keeps no wording and is refused"`
}

type surveyPutOutput struct {
	Body struct {
		surveyBody
		Created bool `json:"created" doc:"false when the wording read as the current version's: no new version was made"`
	}
}

func (s *Server) putSurvey(ctx context.Context, in *struct{ Body surveyPut }) (*surveyPutOutput, error) {
	cur, err := s.Editor.Survey(ctx)
	if err != nil {
		return nil, err
	}
	texts := surveys.QuestionTexts{}
	for i, q := range in.Body.Questions {
		if err := sameDefinition(cur, i, q); err != nil {
			return nil, err
		}
		texts[q.Key] = q.Texts
	}
	tv, created, err := s.Editor.Publish(ctx, texts)
	if err != nil {
		return nil, err
	}
	out := &surveyPutOutput{}
	out.Body.surveyBody, out.Body.Created = s.newSurveyBody(tv), created
	return out, nil
}

// sameDefinition refuses a kind or trust that differs from the question's:
// they define the score and are not the editor's to change.
func sameDefinition(cur *surveys.TemplateVersion, i int, q surveyQuestionPut) error {
	have, ok := cur.Question(q.Key)
	field := fmt.Sprintf("questions[%d]", i)
	switch {
	case !ok:
		return surveys.Errorf(surveys.EINVALID, field+".key", "%q is not a question of this survey; its questions are fixed", q.Key)
	case q.Kind != nil && *q.Kind != string(have.Kind):
		return surveys.Errorf(surveys.EINVALID, field+".kind", "is %s and cannot change: it is part of the score's definition", have.Kind)
	case q.Trust != nil && *q.Trust != have.Trust:
		return surveys.Errorf(surveys.EINVALID, field+".trust", "is %v and cannot change: it is part of the score's definition", have.Trust)
	}
	return nil
}
