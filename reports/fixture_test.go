package reports_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func figures(score float64, n int64) surveys.Figures {
	f := surveys.Figures{N: n, Responses: n + 2, Answered: n + 2, Sent: 3 * n, HasScore: n > 0, Score: score, Raw: score + 1,
		Interval: surveys.Interval{Low: score - 9, High: score + 8}, HasInterval: n > 1, LowConfidence: n < 5,
		Questions: map[string]surveys.QuestionResult{}, NPS: surveys.NewNPS(n/2, n/4, n-n/2-n/4)}
	if f.Sent > 0 {
		f.ResponseRate = float64(f.Answered) / float64(f.Sent)
	}
	for i, q := range []string{surveys.QUnderstood, surveys.QDiagnosed, surveys.QInterest, surveys.QPrepared} {
		f.Questions[q] = surveys.QuestionResult{N: n, Mean: 3.1 + 0.4*float64(i), Top2Share: 0.5 + 0.1*float64(i)}
	}
	return f
}

func trend(last string, n int64) []surveys.TrendPoint {
	end := day(last + "-01")
	out := make([]surveys.TrendPoint, 12)
	for i := range out {
		out[i] = surveys.TrendPoint{Month: end.AddDate(0, i-11, 0).Format("2006-01"), Figures: figures(55+float64(i*2), n+int64(i))}
	}
	return out
}

// card is a rep's card for a rep named name with n responses.
func card(id int64, name string, n int64, comments ...surveys.Comment) *surveys.RepCard {
	team := figures(68, 120)
	qs := surveys.DefaultQuestions(catalog.Default.QuestionTexts())[:4]
	return &surveys.RepCard{
		OrgName: "Acme Ärzte GmbH", PaperSize: "A4", TeamName: "Nord — Ελλάδα",
		Window: surveys.Window{From: day("2026-08-01"), To: day("2026-10-31")},
		Detail: &surveys.RepDetail{RepScore: surveys.RepScore{Rep: &surveys.Rep{ID: id, Name: name}, Figures: figures(72.4, n)},
			Team: &team, Org: figures(65, 900), Trends: surveys.Trends{Trend: trend("2026-10", n)}},
		Questions: qs,
		Funnel: surveys.Funnel{Interactions: 3*n + 7, Invited: 3 * n, Answered: n + 2, Pending: 1,
			Suppressed: map[string]int64{surveys.ReasonThrottled: 4, surveys.ReasonUnsubscribed: 2}},
		Comments: comments,
	}
}

func comment(text, buyer string) surveys.Comment {
	return surveys.Comment{Text: text, Buyer: buyer, SubmittedAt: day("2026-10-20")}
}

// pdfText reads a PDF back as text.
func pdfText(t testing.TB, pdf []byte) string { return reporttest.MustText(t, pdf) }

func words(s string) string { return strings.Join(strings.Fields(s), " ") }

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	flat := words(text)
	for _, w := range wants {
		if !strings.Contains(flat, words(w)) {
			t.Errorf("PDF text lacks %q:\n%s", w, text)
		}
	}
}

func pages(t *testing.T, text string) int { return strings.Count(text, "\f") }

// teamReport is a team of n reps, the last without responses.
func teamReport(n int) *surveys.TeamReport {
	r := &surveys.TeamReport{OrgName: "Acme Ärzte GmbH", PaperSize: "A4",
		Window: surveys.Window{From: day("2026-08-01"), To: day("2026-10-31")}, Trend: trend("2026-10", 40),
		Detail:   &surveys.TeamDetail{Team: &surveys.Team{ID: 3, Name: "Nord — Ελλάδα"}, Figures: figures(68, 120), Org: figures(65, 900)},
		Previous: map[int64]surveys.Figures{}}
	names := []string{"Zoë Łukasiewicz", "José Müller", "Дмитрий Орлов"}
	for i := range n {
		id := int64(i + 1)
		f := figures(50+float64((i*7)%45), int64(i%9))
		r.Detail.Reps = append(r.Detail.Reps, surveys.RepScore{Rep: &surveys.Rep{ID: id, Name: fmt.Sprintf("%s %d", names[i%3], id)}, Figures: f})
		r.Previous[id] = figures(60, 10)
	}
	return r
}
