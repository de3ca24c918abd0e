package api

import (
	"html/template"
	"strconv"
	"strings"

	"trustcard/surveys"
)

// Bar is one leaderboard row: a rep's or team's figures against the mean
// of their team or org.
type Bar struct {
	Name    string          // the rep or team, for the tooltip and screen readers
	Figures surveys.Figures // drawn: the score as a mark, its 90% interval as a band
	Mean    surveys.Figures // drawn as a tick; without a score, no tick
	MeanOf  Reference       // whose Mean is: TeamMean or OrgMean
}

// Meter is one question's result against the mean of the team or org.
type Meter struct {
	Question string                 // the question's text, for the tooltip and screen readers
	Result   surveys.QuestionResult // drawn: the mean on 1–5 as a bar
	Mean     surveys.QuestionResult // drawn as a tick; without answers, no tick
	MeanOf   Reference              // whose Mean is: TeamMean or OrgMean
}

// barView is what the "bar" template draws; positions are across.
type barView struct {
	Label        string // the aria-label and tooltip
	Empty        string // "no responses" when there is no score
	Scale        []string
	BandX, BandW string // empty: no band
	MarkX        string
	Low          bool
	TickX        string // empty: no tick
}

// meterView is what the "meter" template draws; positions are across.
type meterView struct {
	Label string
	Empty string // "no answers" when nobody answered
	FillW string
	TickX string // empty: no tick
}

// IntervalBar draws a leaderboard row's bar on the 0–100 scale: the
// score as a mark (hollow amber with low confidence), its 90% interval as
// a band, and the mean as a tick. Without an interval only the mark is
// drawn; without a score, "no responses".
func (c Charts) IntervalBar(b Bar) template.HTML {
	return drawChart("bar", c.barView(b))
}

func (c Charts) barView(b Bar) barView {
	f := b.Figures
	if !f.HasScore {
		return barView{Label: withName(b.Name, c.tx.NoResponses), Empty: c.tx.NoResponses}
	}
	v := barView{Scale: []string{"25%", "50%", "75%"}, MarkX: across(on100(f.Score)), Low: f.LowConfidence}
	parts := []string{scoreFigure(f.Score)}
	if f.HasInterval {
		lo, hi := shownInterval(f)
		v.BandX, v.BandW = across(lo), across(hi-lo)
		parts = append(parts, c.intervalText(f))
	}
	parts = append(parts, "n "+strconv.FormatInt(f.N, 10))
	if f.LowConfidence {
		parts = append(parts, c.tx.LowConfidence)
	}
	label := strings.Join(parts, ", ")
	if b.Mean.HasScore {
		v.TickX = across(on100(b.Mean.Score))
		label += "; " + c.meanText(b.MeanOf, scoreFigure(b.Mean.Score))
	}
	v.Label = withName(b.Name, label)
	return v
}

// QuestionMeter draws a question's mean on the 1–5 scale as a bar, with
// the mean of the team or org as a tick, as the PDF's question table does.
func (c Charts) QuestionMeter(m Meter) template.HTML {
	return drawChart("meter", c.meterView(m))
}

func (c Charts) meterView(m Meter) meterView {
	r := m.Result
	if r.N == 0 {
		return meterView{Label: withName(question(m.Question), c.tx.NoAnswers), Empty: c.tx.NoAnswers}
	}
	v := meterView{FillW: across(onMeter(r.Mean))}
	label := fillIn(c.tx.OutOf5, "mean", c.tx.number(r.Mean, 1)) + ", n " + strconv.FormatInt(r.N, 10)
	if m.Mean.N > 0 {
		v.TickX = across(onMeter(m.Mean.Mean))
		label += "; " + c.meanText(m.MeanOf, c.tx.number(m.Mean.Mean, 1))
	}
	v.Label = withName(question(m.Question), label)
	return v
}

// question is a question's text as the start of a label: without its
// closing full stop, which the label's colon follows.
func question(text string) string { return strings.TrimSuffix(strings.TrimSpace(text), ".") }

// onMeter places a mean on 1–5 along a meter, 0–100.
func onMeter(mean float64) float64 { return on100((mean - 1) / 4 * 100) }
