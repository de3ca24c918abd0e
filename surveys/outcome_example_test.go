package surveys

import (
	"math"
	"testing"
)

// The worked example's figures, checked by hand.
func TestOutcomeExample(t *testing.T) {
	e := NewOutcomeExample(DefaultShrinkK)
	// Won: 90, 75 (fit did not come up: four items, 12·25/4), 95 → raw 86.67.
	won := e.ByOutcome[0]
	if won.Outcome != OutcomeWon || won.Summary.N != 3 || math.Abs(won.Summary.Raw-260.0/3) > 1e-9 {
		t.Errorf("won = %+v, want n 3, raw 86.67", won)
	}
	// Shrunk toward 72 with k 5: (3·86.67 + 5·72)/8 = 77.5.
	if math.Abs(won.Summary.Score-77.5) > 1e-9 {
		t.Errorf("won score = %v, want 77.5", won.Summary.Score)
	}
	if e.GoodLosses != 1 {
		t.Errorf("good losses = %d, want 1 (4, 4, 5, 4 with fit 5; the other rated fit 2)", e.GoodLosses)
	}
	// Promise values 75, 62.5, 37.5, 50: raw 56.25, shrunk toward 60 → (4·56.25 + 5·60)/9.
	if e.Promise.N != 4 || e.Promise.Raw != 56.25 || math.Abs(e.Promise.Score-(4*56.25+5*60)/9) > 1e-9 {
		t.Errorf("promise = %+v, want n 4, raw 56.25", e.Promise)
	}
	if want := e.Trust.Interval.Low > e.Promise.Interval.High; e.Gap != want {
		t.Errorf("gap = %v, want %v", e.Gap, want)
	}
}
