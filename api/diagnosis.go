package api

import (
	"maps"
	"time"

	"trustcard/surveys"
)

// Diagnostic accuracy on the JSON API: the setting's categories, the
// interaction's diagnosis and the scores' figure.

type categoryBody struct {
	Key    string            `json:"key" pattern:"^[a-z][a-z0-9_]{0,39}$" doc:"Stable key, such as cut_costs"`
	Labels map[string]string `json:"labels" doc:"Label per language, such as {\"en\": \"Cut costs\", \"de\": \"Kosten senken\"}; en is required"`
}

func newCategoryBodies(cs surveys.DiagnosisCategories) []categoryBody {
	out := make([]categoryBody, len(cs))
	for i, c := range cs {
		out[i] = categoryBody{Key: c.Key, Labels: maps.Clone(c.Labels)}
	}
	return out
}

func toCategories(bs []categoryBody) surveys.DiagnosisCategories {
	out := make(surveys.DiagnosisCategories, len(bs))
	for i, b := range bs {
		labels := maps.Clone(b.Labels)
		if labels == nil {
			labels = map[string]string{}
		}
		out[i] = surveys.DiagnosisCategory{Key: b.Key, Labels: labels}
	}
	return out
}

type diagnosisBody struct {
	Category string `json:"category" maxLength:"40" doc:"A key of the org's diagnosis_categories"`
	Note     string `json:"note,omitempty" maxLength:"500" doc:"What the rep heard, in a line"`
}

func (d *diagnosisBody) toDomain() *surveys.DiagnosisInput {
	if d == nil {
		return nil
	}
	return &surveys.DiagnosisInput{Category: d.Category, Note: d.Note}
}

type diagnosisOut struct {
	Category  string    `json:"category"`
	Note      string    `json:"note"`
	Source    string    `json:"source" enum:"crm,rep" doc:"Posted by the CRM, or entered by the rep in the web app"`
	EnteredAt time.Time `json:"entered_at"`
}

func newDiagnosisOut(d *surveys.Diagnosis) *diagnosisOut {
	if d == nil {
		return nil
	}
	return &diagnosisOut{Category: d.Category, Note: d.Note, Source: d.Source, EnteredAt: d.EnteredAt}
}

type accuracyBody struct {
	N        int64         `json:"n" doc:"Answered pairs: the rep's diagnosis, entered before the buyer answered, beside the buyer's own category"`
	Matches  int64         `json:"matches"`
	Share    *float64      `json:"share" doc:"matches ÷ n, 0–1; null with no pairs"`
	Interval *intervalBody `json:"interval" doc:"90% Wilson interval of share; null with no pairs"`
}

func newAccuracyBody(a surveys.Accuracy) accuracyBody {
	b := accuracyBody{N: a.N, Matches: a.Matches}
	if a.HasValue {
		b.Share, b.Interval = &a.Share, &intervalBody{Low: a.Interval.Low, High: a.Interval.High}
	}
	return b
}
