package surveys_test

import (
	"math"
	"testing"

	"trustcard/surveys"
)

// Wilson intervals worked by hand with z = 1.6448536 (for 0 of n the high
// end is (z²/n)/(1 + z²/n)): centre
// (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).
func TestWilsonInterval90(t *testing.T) {
	for _, c := range []struct {
		k, n      int64
		low, high float64
	}{
		{3, 4, 0.356168, 0.942093},
		{4, 6, 0.347015, 0.882724},
		{0, 5, 0, 0.351117},
		{5, 5, 0.648883, 1},
	} {
		iv, ok := surveys.WilsonInterval90(c.k, c.n)
		if !ok || math.Abs(iv.Low-c.low) > 1e-6 || math.Abs(iv.High-c.high) > 1e-6 {
			t.Errorf("%d of %d: %+v, want %v–%v", c.k, c.n, iv, c.low, c.high)
		}
	}
	if _, ok := surveys.WilsonInterval90(0, 0); ok {
		t.Error("an interval for no pairs")
	}
}

// The method page's example: six counted pairs (a skipped question and a
// late diagnosis left out), four matching.
func TestDiagnosisExample(t *testing.T) {
	e := surveys.NewDiagnosisExample()
	if a := e.Accuracy; a.N != 6 || a.Matches != 4 || math.Abs(a.Interval.Low-0.347015) > 1e-6 {
		t.Errorf("example accuracy = %+v, want 4 of 6, from 0.347015", a)
	}
}

func TestDiagnosisCategoriesValidate(t *testing.T) {
	base := surveys.DefaultDiagnosisCategories
	for _, c := range []struct {
		name  string
		edit  func(cs surveys.DiagnosisCategories) surveys.DiagnosisCategories
		field string
	}{
		{"Duplicate", func(cs surveys.DiagnosisCategories) surveys.DiagnosisCategories {
			return append(cs, surveys.DiagnosisCategory{Key: "cut_costs", Labels: map[string]string{"en": "Again"}})
		}, "diagnosis_categories[5].key"},
		{"NoEnglish", func(cs surveys.DiagnosisCategories) surveys.DiagnosisCategories {
			cs[1].Labels = map[string]string{"de": "Schneller"}
			return cs
		}, "diagnosis_categories[1].labels.en"},
		{"ElseRemoved", func(cs surveys.DiagnosisCategories) surveys.DiagnosisCategories { return cs[:4] }, "diagnosis_categories"},
		{"BadKey", func(cs surveys.DiagnosisCategories) surveys.DiagnosisCategories {
			cs[0].Key = "Cut Costs"
			return cs
		}, "diagnosis_categories[0].key"},
		{"TooMany", func(cs surveys.DiagnosisCategories) surveys.DiagnosisCategories {
			for i := range 8 {
				cs = append(cs, surveys.DiagnosisCategory{Key: "k" + string(rune('a'+i)), Labels: map[string]string{"en": "K"}})
			}
			return cs
		}, "diagnosis_categories"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.edit(base()).Validate()
			if field, _ := surveys.ErrorDetail(err); surveys.ErrorCode(err) != surveys.EINVALID || field != c.field {
				t.Errorf("err = %v (field %q), want invalid %s", err, field, c.field)
			}
		})
	}
	if err := base().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}
