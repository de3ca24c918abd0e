package store

import (
	"maps"

	"trustcard/surveys"
)

// categoryDoc is one diagnosis category as stored, by the settings API's names.
type categoryDoc struct {
	Key    string            `json:"key"`
	Labels map[string]string `json:"labels"`
}

func newCategoryDocs(cs surveys.DiagnosisCategories) []categoryDoc {
	out := make([]categoryDoc, len(cs))
	for i, c := range cs {
		out[i] = categoryDoc{Key: c.Key, Labels: maps.Clone(c.Labels)}
	}
	return out
}

// toCategories reads the stored list; a document written before the
// setting existed has none, and an org then has the default list.
func toCategories(docs []categoryDoc) surveys.DiagnosisCategories {
	if len(docs) == 0 {
		return surveys.DefaultDiagnosisCategories()
	}
	out := make(surveys.DiagnosisCategories, len(docs))
	for i, d := range docs {
		out[i] = surveys.DiagnosisCategory{Key: d.Key, Labels: maps.Clone(d.Labels)}
	}
	return out
}
