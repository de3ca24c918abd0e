package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// pairsShown is how many recent diagnosis pairs the rep's page and card show.
const pairsShown = 5

// repDiagnosis is what the rep's page shows of diagnostic accuracy: the
// figure, the latest pairs side by side, and, to the rep themself, the form
// for their meetings of the last 48 hours.
type repDiagnosis struct {
	Value    string // "75%", or "—"
	Detail   string // "3 of 4 pairs · 90% interval 36–94%"
	Low      string // a note below LowConfidenceBelow pairs
	Heard    string // "You heard" or "Zoë heard"
	Pairs    []pairView
	Meetings []meetingView
	Problem  string // why the last diagnosis was refused
}

// pairView is one pair, in words.
type pairView struct {
	Date        string
	Heard, Said string
	HeardNote   string
	SaidNote    string
	Verdict     string // "match", "no match", or why it does not count
	Match       bool
}

// meetingView is one of the rep's meetings of the last 48 hours, with the
// form that enters its diagnosis.
type meetingView struct {
	ID      int64
	Title   string // "Meeting on 7 Dec 2026, 10:30 UTC"
	Action  string
	Options []optionChoice
	Note    string
	Stands  string // set when the diagnosis counted and can no longer change
	Late    string // set when the buyer answered first: a diagnosis entered now does not count
}

// optionChoice is one category of a select.
type optionChoice struct {
	Value, Label string
	Selected     bool
}

// diagnosisInput is what the diagnosis block is drawn from.
type diagnosisInput struct {
	Pairs      []surveys.DiagnosisPair
	Categories surveys.DiagnosisCategories
	Meetings   []surveys.RecentInteraction
}

// readDiagnosis reads the rep's latest pairs in the window and, when the
// actor is that rep, their meetings of the last 48 hours.
func (s *Server) readDiagnosis(ctx context.Context, repID int64, w surveys.Window) (diagnosisInput, error) {
	var in diagnosisInput
	var err error
	if in.Pairs, in.Categories, err = s.Scores.DiagnosisPairs(ctx, repID, w, pairsShown); err != nil {
		return in, err
	}
	if a := surveys.ActorFromContext(ctx); a != nil && a.RepID == repID {
		in.Meetings, err = s.Delivery.RecentMeetings(ctx)
	}
	return in, err
}

// newRepDiagnosis formats the block for the rep's page.
func newRepDiagnosis(in repInput) repDiagnosis {
	d := in.Page.Detail
	v := repDiagnosis{Heard: d.Rep.FirstName() + " heard", Pairs: newPairViews(in.Diagnosis, "en")}
	if in.Actor != nil && in.Actor.RepID == d.Rep.ID {
		v.Heard = "You heard"
	}
	v.Value, v.Detail, v.Low = accuracyText(d.Figures.Diagnosis)
	for _, m := range in.Diagnosis.Meetings {
		v.Meetings = append(v.Meetings, newMeetingView(m, in.Diagnosis.Categories, in.Org.Settings.TimeZone))
	}
	return v
}

// accuracyText is the figure, what it counts and a low-confidence note.
func accuracyText(a surveys.Accuracy) (value, detail, low string) {
	if !a.HasValue {
		return "—", "no answered pairs yet", ""
	}
	detail = fmt.Sprintf("%d of %s matched · 90%% interval %s–%s", a.Matches, plural(a.N, "pair", "pairs"),
		strings.TrimSuffix(percent(a.Interval.Low), "%"), percent(a.Interval.High))
	if a.LowConfidence() {
		low = fmt.Sprintf("Only %s so far — low confidence.", plural(a.N, "pair", "pairs"))
	}
	return percent(a.Share), detail, low
}

// newPairViews are the pairs in words, labelled in lang.
func newPairViews(in diagnosisInput, lang string) []pairView {
	out := make([]pairView, 0, len(in.Pairs))
	for _, p := range in.Pairs {
		pv := pairView{Date: p.AnsweredAt.Format("2 Jan 2006"), Heard: in.Categories.Label(p.Rep.Category, lang),
			Said: in.Categories.Label(p.Buyer.Category, lang), HeardNote: p.Rep.Note, SaidNote: p.Buyer.Note,
			Match: p.Counted() && p.Match()}
		switch {
		case !p.Counted():
			pv.Verdict = "not counted: entered after the buyer answered"
		case pv.Match:
			pv.Verdict = "match"
		default:
			pv.Verdict = "no match"
		}
		out = append(out, pv)
	}
	return out
}

func newMeetingView(m surveys.RecentInteraction, cs surveys.DiagnosisCategories, tz string) meetingView {
	at := m.OccurredAt.UTC()
	if loc, err := time.LoadLocation(tz); err == nil {
		at = at.In(loc)
	}
	v := meetingView{ID: m.ID, Title: fmt.Sprintf("%s on %s", interactionKindLabel(m.Kind), at.Format("2 Jan 2006, 15:04 MST")),
		Action: fmt.Sprintf("/app/interactions/%d/diagnosis", m.ID)}
	current := ""
	if m.Diagnosis != nil {
		current, v.Note = m.Diagnosis.Category, m.Diagnosis.Note
		if !m.AnsweredAt.IsZero() && m.Diagnosis.Counts(m.AnsweredAt) {
			v.Stands = "The buyer has answered; your diagnosis stands: " + cs.Label(current, "en") + "."
		}
	}
	if !m.AnsweredAt.IsZero() && v.Stands == "" {
		v.Late = "The buyer has already answered: a diagnosis entered now shows beside their answer but does not count."
	}
	v.Options = append(v.Options, optionChoice{Value: "", Label: "Choose…", Selected: current == ""})
	for _, c := range cs {
		v.Options = append(v.Options, optionChoice{Value: c.Key, Label: c.Label("en"), Selected: c.Key == current})
	}
	return v
}

// interactionKindLabel is an interaction kind in words: "deal_won" is "Deal won".
func interactionKindLabel(kind string) string {
	if kind == "" {
		return "Meeting"
	}
	k := strings.ReplaceAll(kind, "_", " ")
	return strings.ToUpper(k[:1]) + k[1:]
}

// enterDiagnosis takes the rep's form: their diagnosis of one of their
// meetings of the last 48 hours. Only that rep may; anyone else, or after
// the window, gets a 4xx saying why.
func (s *Server) enterDiagnosis(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in := surveys.DiagnosisInput{Category: strings.Clone(c.FormValue("category")), Note: strings.Clone(c.FormValue("note"))}
	d, err := s.Delivery.EnterDiagnosis(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/app/reps/%d?saved=diagnosis#diagnosis", d.RepID), fiber.StatusSeeOther)
}
