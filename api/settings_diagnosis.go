package api

import (
	"fmt"
	"sort"
	"strings"

	"trustcard/surveys"
)

// diagnosisSetting is the diagnosis categories on the settings page: a
// textarea with one category a line, "key: en=Label; de=Label".
var diagnosisSetting = settingDef{name: "diagnosis_categories", label: "Diagnosis categories", kind: "textarea",
	about: "The buyer problems a rep diagnoses and a buyer names on the survey (“What were you mainly trying to solve?”), one a line, written key: en=Label; de=Label; fr=Label; es=Label. The key stays when labels change; English is required; something_else is always kept. Up to 12. Left empty, the default list returns.",
	get:   func(o *surveys.Org) string { return formatCategories(o.Settings.Diagnosis) },
	set: func(o *surveys.Org, v string) error {
		cs, err := parseCategories(v)
		if err == nil {
			o.Settings.Diagnosis = cs
		}
		return err
	}}

// formatCategories writes the categories one a line, languages in order
// with English first.
func formatCategories(cs surveys.DiagnosisCategories) string {
	lines := make([]string, len(cs))
	for i, c := range cs {
		langs := make([]string, 0, len(c.Labels))
		for l := range c.Labels {
			langs = append(langs, l)
		}
		sort.Slice(langs, func(a, b int) bool {
			if (langs[a] == surveys.DefaultLabelLanguage) != (langs[b] == surveys.DefaultLabelLanguage) {
				return langs[a] == surveys.DefaultLabelLanguage
			}
			return langs[a] < langs[b]
		})
		parts := make([]string, len(langs))
		for j, l := range langs {
			parts[j] = l + "=" + c.Labels[l]
		}
		lines[i] = c.Key + ": " + strings.Join(parts, "; ")
	}
	return strings.Join(lines, "\n")
}

// parseCategories reads the textarea; the domain validates what it reads.
// EINVALID naming the line that is not written key: en=Label.
func parseCategories(v string) (surveys.DiagnosisCategories, error) {
	if strings.TrimSpace(v) == "" {
		return surveys.DefaultDiagnosisCategories(), nil
	}
	var out surveys.DiagnosisCategories
	for i, line := range strings.Split(strings.ReplaceAll(v, "\r", ""), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, lineProblem(i, "write it key: en=Label; de=Label")
		}
		c := surveys.DiagnosisCategory{Key: strings.TrimSpace(key), Labels: map[string]string{}}
		for _, part := range strings.Split(rest, ";") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			lang, label, ok := strings.Cut(part, "=")
			if !ok {
				return nil, lineProblem(i, fmt.Sprintf("%q is not lang=Label", part))
			}
			c.Labels[strings.TrimSpace(lang)] = strings.TrimSpace(label)
		}
		out = append(out, c)
	}
	return out, nil
}

func lineProblem(i int, msg string) error {
	return surveys.Errorf(surveys.EINVALID, "diagnosis_categories", "line %d: %s", i+1, msg)
}
