package surveys

import "math"

// z90 is the standard normal quantile of 0.95: a two-sided 90% interval.
const z90 = 1.6448536269514722

// WilsonInterval90 is the 90% Wilson score interval of a proportion of
// matches out of n, as shares from 0 to 1; ok is false for n = 0.
func WilsonInterval90(matches, n int64) (iv Interval, ok bool) {
	if n <= 0 {
		return Interval{}, false
	}
	centre, half := wilson(matches, n)
	return Interval{Low: max(0, centre-half), High: min(1, centre+half)}, true
}

// wilson is the centre and half-width of the 90% Wilson interval, n > 0.
func wilson(matches, n int64) (centre, half float64) {
	nf, p := float64(n), float64(matches)/float64(n)
	z2 := z90 * z90
	denom := 1 + z2/nf
	centre = (p + z2/(2*nf)) / denom
	half = z90 / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return centre, half
}

// Accuracy is a diagnostic accuracy: of N answered pairs, Matches agreed.
type Accuracy struct {
	N, Matches int64
	Share      float64  // Matches ÷ N; 0 when N is 0
	Interval   Interval // 90% Wilson interval of Share
	HasValue   bool     // false: no answered pairs
}

// NewAccuracy computes the share and its interval.
func NewAccuracy(matches, n int64) Accuracy {
	a := Accuracy{N: n, Matches: matches}
	if n > 0 {
		a.Share, a.HasValue = float64(matches)/float64(n), true
		a.Interval, _ = WilsonInterval90(matches, n)
	}
	return a
}

// LowConfidence reports whether there are too few pairs to read much into.
func (a Accuracy) LowConfidence() bool { return a.N < LowConfidenceBelow }

// DefaultDiagnosisCategories are a new org's list: four common buyer
// problems and CategoryElse, labelled in every language the buyer pages
// ship (a test checks that).
func DefaultDiagnosisCategories() DiagnosisCategories {
	return DiagnosisCategories{
		{Key: "cut_costs", Labels: map[string]string{"en": "Cut costs", "de": "Kosten senken", "fr": "Réduire les coûts", "es": "Reducir costes"}},
		{Key: "move_faster", Labels: map[string]string{"en": "Move faster", "de": "Schneller werden", "fr": "Aller plus vite", "es": "Avanzar más rápido"}},
		{Key: "meet_regulation", Labels: map[string]string{"en": "Meet a regulation", "de": "Eine Vorschrift erfüllen", "fr": "Respecter une réglementation", "es": "Cumplir una normativa"}},
		{Key: "replace_system", Labels: map[string]string{"en": "Replace a system", "de": "Ein System ablösen", "fr": "Remplacer un système", "es": "Sustituir un sistema"}},
		{Key: CategoryElse, Labels: map[string]string{"en": "Something else", "de": "Etwas anderes", "fr": "Autre chose", "es": "Otra cosa"}},
	}
}

// DiagnosisExample is diagnostic accuracy worked through for the method
// page, computed by the same functions as every figure.
type DiagnosisExample struct {
	Pairs        []DiagnosisExamplePair
	Accuracy     Accuracy
	Z            float64
	Centre, Half float64 // of the Wilson interval
}

// DiagnosisExamplePair is one meeting of the example.
type DiagnosisExamplePair struct {
	Heard, Said string // category keys; Said "" means the buyer skipped the question
	Late        bool   // the diagnosis was entered after the buyer answered
}

// Counted reports whether the pair counts.
func (p DiagnosisExamplePair) Counted() bool { return p.Said != "" && !p.Late }

// Match reports whether a counted pair agrees.
func (p DiagnosisExamplePair) Match() bool { return p.Counted() && p.Heard == p.Said }

var exampleDiagnoses = []DiagnosisExamplePair{
	{Heard: "cut_costs", Said: "cut_costs"},
	{Heard: "move_faster", Said: "move_faster"},
	{Heard: "cut_costs", Said: "replace_system"},
	{Heard: "meet_regulation", Said: "meet_regulation"},
	{Heard: "move_faster", Said: ""},
	{Heard: "replace_system", Said: "replace_system"},
	{Heard: "cut_costs", Said: "move_faster"},
	{Heard: "cut_costs", Said: "cut_costs", Late: true},
}

// NewDiagnosisExample works the example through.
func NewDiagnosisExample() DiagnosisExample {
	var n, matches int64
	for _, p := range exampleDiagnoses {
		if p.Counted() {
			n++
		}
		if p.Match() {
			matches++
		}
	}
	e := DiagnosisExample{Pairs: exampleDiagnoses, Accuracy: NewAccuracy(matches, n), Z: z90}
	e.Centre, e.Half = wilson(matches, n)
	return e
}
