package reports_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"trustcard/reports"
	"trustcard/surveys"
)

// latinCard is a card whose text is all Latin, with every section the
// layout's own punctuation shows in: dashes, "·", "±", "…" (a cut name),
// quotes around notes, and an emoji drawn as the stand-in.
func latinCard(name string, comments ...surveys.Comment) *surveys.RepCard {
	c := card(7, name, 23, append([]surveys.Comment{
		comment("Great call 👍 — she asked “why” before proposing; didn’t rush. ±0 surprises…", "José Müller"),
	}, comments...)...)
	c.TeamName = "Nord"
	c.Detail.Figures.Diagnosis = surveys.NewAccuracy(1, 2)
	answered := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)
	c.Diagnosis = surveys.CardDiagnosis{Categories: surveys.DefaultDiagnosisCategories(), Pairs: []surveys.DiagnosisPair{{
		AnsweredAt: answered, Rep: surveys.Diagnosis{Category: "cut_costs", Note: "Licences cost too much", EnteredAt: answered.Add(-time.Hour)},
		Buyer: surveys.BuyerProblem{Category: "move_faster", Note: "Our rollout is three months late and slipping further every week"},
	}}}
	return c
}

// drawn is a card drawn by RepCard and drawn in each cut of the font.
type drawn struct{ card, latin, full []byte }

func drawAll(t *testing.T, c *surveys.RepCard) drawn {
	t.Helper()
	var d [3]bytes.Buffer
	if err := reports.RepCard(&d[0], c); err != nil {
		t.Fatal(err)
	}
	for i, latin := range []bool{true, false} {
		if err := reports.RepCardIn(&d[i+1], c, latin); err != nil {
			t.Fatal(err)
		}
	}
	return drawn{d[0].Bytes(), d[1].Bytes(), d[2].Bytes()}
}

// fontName is the name a page gives its font, made from the font file.
var fontName = regexp.MustCompile(`/F[0-9a-f]{40} `)

// pagesPart is a PDF up to its fonts (gofpdf writes the pages first), with
// the font's name left out.
func pagesPart(t *testing.T, pdf []byte) []byte {
	t.Helper()
	i := bytes.Index(pdf, []byte("/Type /Font"))
	if i < 0 {
		t.Fatal("the PDF has no font")
	}
	return fontName.ReplaceAll(pdf[:i], []byte("/F "))
}

func TestCardFont(t *testing.T) {
	t.Run("LatinTextEmbedsTheLatinCut", func(t *testing.T) {
		d := drawAll(t, latinCard("Zoë Łukasiewicz"))
		if !bytes.Equal(d.card, d.latin) {
			t.Fatal("a card of Latin text is not drawn in the Latin cut of the font")
		}
		if bytes.Equal(d.latin, d.full) {
			t.Fatal("the two cuts give the same bytes: the test cannot tell them apart")
		}
		// Same face, same widths: the pages are the same, only the embedded font differs.
		if !bytes.Equal(pagesPart(t, d.latin), pagesPart(t, d.full)) {
			t.Error("a Latin card's pages differ between the two cuts of the font")
		}
		if len(d.latin) >= len(d.full) {
			t.Errorf("the card in the Latin cut is %d bytes, in the full font %d", len(d.latin), len(d.full))
		}
		mustContain(t, pdfText(t, d.card), "Zoë Łukasiewicz", "Team Nord", "didn’t rush. ±0 surprises…",
			"“why”", "You heard: Cut costs (“Licences cost too much”)", "Great call "+reports.StandIn,
			"n = 23 · raw mean 73, 90% interval 63–80", "— José Müller, 20 Oct 2026")
	})
	cyrillicTeam := latinCard("José Müller")
	cyrillicTeam.TeamName = "Север"
	// A question's text is not among the names and comments looked at
	// before drawing: the drawn card itself is checked.
	cyrillicQuestion := latinCard("José Müller")
	cyrillicQuestion.Questions[0].Texts = map[string]string{"en": "{rep} понял, что мне нужно."}
	for _, tc := range []struct {
		name string
		card *surveys.RepCard
		want string
	}{
		{"CyrillicName", latinCard("Дмитрий Орлов"), "Дмитрий understood what I actually needed."},
		{"GreekComment", latinCard("José Müller", comment("Ο Νίκος ρώτησε πρώτα.", "Ελένη")), "Ο Νίκος ρώτησε πρώτα. — Ελένη, 20 Oct 2026"},
		{"LatinExtendedB", latinCard("Ștefan Pîrvu"), "Ștefan came prepared"},
		{"CyrillicTeamName", cyrillicTeam, "Team Север"},
		{"CyrillicQuestion", cyrillicQuestion, "José понял, что мне нужно."},
	} {
		t.Run(tc.name+"EmbedsTheFullFont", func(t *testing.T) {
			d := drawAll(t, tc.card)
			if !bytes.Equal(d.card, d.full) {
				t.Fatal("a card with text beyond the Latin cut is not drawn in the full font")
			}
			mustContain(t, pdfText(t, d.card), tc.card.Detail.Rep.Name, tc.want, "didn’t rush. ±0 surprises…", "Great call "+reports.StandIn)
		})
	}
}

func TestTeamReportFont(t *testing.T) {
	for _, tc := range []struct {
		name, rep string
		latin     bool
	}{{"Latin", "José Müller", true}, {"Cyrillic", "Дмитрий Орлов", false}} {
		t.Run(tc.name, func(t *testing.T) {
			r := teamReport(2)
			r.Detail.Team.Name = "Nord"
			for i := range r.Detail.Reps {
				r.Detail.Reps[i].Rep = &surveys.Rep{ID: int64(i + 1), Name: "Zoë Łukasiewicz"}
			}
			r.Detail.Reps[1].Rep.Name = tc.rep
			var got, want bytes.Buffer
			if err := reports.TeamReport(&got, r); err != nil {
				t.Fatal(err)
			}
			if err := reports.TeamReportIn(&want, r, tc.latin); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("a team report with a rep named %s: drawn in the Latin cut is %v, want %v", tc.rep, !tc.latin, tc.latin)
			}
			mustContain(t, pdfText(t, got.Bytes()), "Nord", "Zoë Łukasiewicz", tc.rep)
		})
	}
}
