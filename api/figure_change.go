package api

import (
	"math"

	"trustcard/surveys"
)

// Change is how a trust score moved since the previous period (see
// PeriodPicker.Previous), ready to show beside the figure.
type Change struct {
	Has    bool    // both periods have a score
	Points float64 // the score now minus the score then, in points of the 0–100 scale
	Text   string  // "+3.2", "−1.0", "±0.0" (one decimal, the language's separator); "—" without both scores
	Sign   int     // 1 up, −1 down; 0 when it shows as ±0.0 or there is no change to show
	Noise  bool    // the change is within noise: see NewChange
	Note   string  // "within noise" in the language when Noise, else empty
}

// NewChange compares the figures of a period (cur) with those of the
// previous one (prev), in lang.
//
// The rule for noise: a change is real only when both periods have a 90%
// interval and the two intervals do not overlap (touching counts as
// overlapping); otherwise it is within noise, as it always is when either
// period has fewer than two responses and so no interval. Intervals that do
// not overlap mean a difference well beyond chance, so the rule errs
// towards "within noise": an overlap can still hide a real change, which
// more responses would show. The intervals are those of the raw means,
// while Points compares the scores, each shrunk toward its own period's
// org mean, as the figures themselves show them.
func NewChange(cur, prev surveys.Figures, lang string) Change {
	tx := appTextsFor(lang)
	if !cur.HasScore || !prev.HasScore {
		return Change{Text: "—"}
	}
	d := cur.Score - prev.Score
	c := Change{Has: true, Points: d}
	c.Text, c.Sign = tx.signed(d, 1)
	c.Noise = !cur.HasInterval || !prev.HasInterval ||
		(cur.Interval.Low <= prev.Interval.High && prev.Interval.Low <= cur.Interval.High)
	if c.Noise {
		c.Note = tx.WithinNoise
	}
	return c
}

// signed formats a difference d with decimals as changes show it, "+3.2",
// "−1.0" or "±0.0", with its sign: 1 up, −1 down, 0 when it shows as zero.
func (tx appTexts) signed(d float64, decimals int) (string, int) {
	switch zero := tx.number(0, decimals); {
	case tx.number(math.Abs(d), decimals) == zero:
		return "±" + zero, 0
	case d > 0:
		return "+" + tx.number(d, decimals), 1
	}
	return "−" + tx.number(-d, decimals), -1
}
