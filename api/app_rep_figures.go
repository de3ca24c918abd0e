package api

import (
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"

	"trustcard/surveys"
)

// repQuestions is each rating question, the rep's result against the team's.
type repQuestions struct {
	Rep  string // the rep's first name, heading their column
	Team string // the team's name; empty: no team column
	Rows []questionRow
}

// questionRow is one question's results.
type questionRow struct {
	Text     string        // as buyers read it, with the rep's first name
	Answered bool          // the rep has answers to it: Mean, Top2, N and Change say more than the meter
	N        string        // "12 answers"
	Meter    template.HTML // the mean on 1–5, the team's as a tick
	Mean     string        // "4.2", or "—" without answers
	Top2     string        // "83% agree"; empty without answers
	Change   Change        // the mean's, since the previous period
	TeamMean string        // "3.9", or "—"
	TeamTop2 string
}

// newRepQuestions builds the question table as the card draws it: mean on
// 1–5 and top-2 box, against the team's.
func newRepQuestions(p *surveys.RepPage, charts Charts, tx appTexts) repQuestions {
	d := p.Detail
	out := repQuestions{Rep: d.Rep.FirstName(), Team: p.TeamName}
	for _, q := range p.Questions {
		r, prev := d.Figures.Questions[q.Key], p.Previous.Questions[q.Key]
		text := q.Text("en", d.Rep.FirstName())
		row := questionRow{Text: text, N: plural(r.N, "answer", "answers"), Mean: "—", TeamMean: "—",
			Change: numberChange(r.Mean, prev.Mean, r.N > 0 && prev.N > 0, 1, tx)}
		m := Meter{Question: text, Result: r}
		if row.Answered = r.N > 0; row.Answered {
			row.Mean, row.Top2 = tx.number(r.Mean, 1), percent(r.Top2Share)+" agree"
		}
		if d.Team != nil {
			t := d.Team.Questions[q.Key]
			m.Mean = t
			if t.N > 0 {
				row.TeamMean, row.TeamTop2 = tx.number(t.Mean, 1), percent(t.Top2Share)+" agree"
			}
		}
		row.Meter = charts.QuestionMeter(m)
		out.Rows = append(out.Rows, row)
	}
	return out
}

// percent is a share as the card prints it: "83%".
func percent(share float64) string { return strconv.FormatFloat(100*share, 'f', 0, 64) + "%" }

// questionLabels are the default survey's questions in a few words, for
// the feed's answers and filter.
var questionLabels = map[string]string{
	surveys.QUnderstood: "Understood the need",
	surveys.QDiagnosed:  "Asked before proposing",
	surveys.QInterest:   "Put the buyer first",
	surveys.QPrepared:   "Came prepared",
	surveys.QFitHonesty: "Honest about fit",
	surveys.QRecommend:  "Would recommend",
}

// questionLabel is q's short label, or its text when it has none.
func questionLabel(q surveys.Question, rep *surveys.Rep) string {
	if l, ok := questionLabels[q.Key]; ok {
		return l
	}
	return question(q.Text("en", rep.FirstName()))
}

// repNPS is the rep's NPS with its split.
type repNPS struct {
	figureView
	Parts []npsPart // promoters, passives, detractors; none without answers
}

// npsPart is one share of the split, placed along a bar.
type npsPart struct {
	Text  string // "6 promoters (9–10)"
	Class string // rep-nps-promoters, -passives or -detractors
	X, W  string // its left edge and width, across
}

// newRepNPS is the NPS of the period against the previous one's.
func newRepNPS(n, prev surveys.NPS, tx appTexts) repNPS {
	v := repNPS{figureView: figureView{Label: "Would recommend (NPS)", Value: "—", Detail: "n = " + strconv.FormatInt(n.N, 10),
		Change: numberChange(n.Score, prev.Score, n.N > 0 && prev.N > 0, 0, tx)}}
	if n.N == 0 {
		return v
	}
	v.Value, _ = tx.signed(n.Score, 0)
	x := 0.0
	for _, p := range []struct {
		n           int64
		one, many   string
		class, band string
	}{{n.Promoters, "promoter", "promoters", "promoters", "9–10"}, {n.Passives, "passive", "passives", "passives", "7–8"},
		{n.Detractors, "detractor", "detractors", "detractors", "0–6"}} {
		w := 100 * float64(p.n) / float64(n.N)
		v.Parts = append(v.Parts, npsPart{Text: plural(p.n, p.one, p.many) + " (" + p.band + ")",
			Class: "rep-nps-" + p.class, X: across(x), W: across(w)})
		x += w
	}
	return v
}

// responseRate is the share of surveys sent that were answered.
func responseRate(f, prev surveys.Figures, tx appTexts) figureView {
	v := figureView{Label: "Response rate", Value: "—",
		Detail: strconv.FormatInt(f.Responses, 10) + " of " + strconv.FormatInt(f.Sent, 10) + " sent",
		Change: numberChange(100*f.ResponseRate, 100*prev.ResponseRate, f.Sent > 0 && prev.Sent > 0, 0, tx)}
	if f.Sent > 0 {
		v.Value = percent(f.ResponseRate)
	}
	if v.Change.Has {
		v.Change.Text += " pts"
	}
	return v
}

// reasonWords say why an interaction's buyer was not asked.
var reasonWords = map[string]string{
	surveys.ReasonUnsubscribed: "unsubscribed",
	surveys.ReasonBounced:      "email address bounced",
	surveys.ReasonComplained:   "reported our email as spam",
	surveys.ReasonRepInactive:  "rep inactive",
	surveys.ReasonStale:        "too old when the CRM posted it",
	surveys.ReasonErased:       "buyer's data erased",
	surveys.ReasonError:        "email could not be made",
}

// newFunnel is who was asked: interactions, surveys sent, not asked by
// reason, answered; and a note that nobody chose who was asked.
func newFunnel(f surveys.Funnel, throttleDays int) ([]funnelStep, string) {
	var notAsked int64
	var reasons []string
	for _, r := range slices.Sorted(maps.Keys(f.Suppressed)) {
		notAsked += f.Suppressed[r]
		words, ok := reasonWords[r]
		switch {
		case r == surveys.ReasonThrottled:
			words = "asked in the last " + strconv.Itoa(throttleDays) + " days"
		case !ok:
			words = strings.ReplaceAll(r, "_", " ")
		}
		reasons = append(reasons, words+": "+strconv.FormatInt(f.Suppressed[r], 10))
	}
	steps := []funnelStep{
		{Value: strconv.FormatInt(f.Interactions, 10), Label: "interactions the CRM reported"},
		{Value: strconv.FormatInt(f.Invited, 10), Label: "surveys sent"},
		{Value: strconv.FormatInt(notAsked, 10), Label: "not asked, by rule", Detail: strings.Join(reasons, " · ")},
		{Value: strconv.FormatInt(f.Answered, 10), Label: "answered"},
	}
	note := "Every interaction the CRM reported was offered a survey by the org's rules; nobody chose who was asked."
	if f.Pending > 0 {
		note += " Still to be sent: " + strconv.FormatInt(f.Pending, 10) + "."
	}
	return steps, note
}
