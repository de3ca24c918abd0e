package reports_test

import (
	"bytes"
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"trustcard/reports"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
)

// westernCard is a card whose text is all in Windows-1252, with every
// section the layout's own punctuation shows in: dashes, "·", "±", "…"
// (a cut name) and quotes around notes.
func westernCard(name string, comments ...surveys.Comment) *surveys.RepCard {
	c := card(7, name, 23, append([]surveys.Comment{
		comment("She asked “why” before proposing — didn’t rush. ±0 surprises…", "José Müller"),
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

// latinCard is a western card with an emoji, drawn as the stand-in, and
// a buyer's name beyond Windows-1252.
func latinCard(name string, comments ...surveys.Comment) *surveys.RepCard {
	return westernCard(name, append([]surveys.Comment{comment("Great call 👍", "Łucja")}, comments...)...)
}

// drawn is a card drawn by RepCard and drawn in each cut of the font.
type drawn struct{ card, ansi, latin, full []byte }

func drawAll(t *testing.T, c *surveys.RepCard) drawn {
	t.Helper()
	var d [4]bytes.Buffer
	if err := reports.RepCard(&d[0], c); err != nil {
		t.Fatal(err)
	}
	for i, cut := range []string{"1252", "latin", "full"} {
		if err := reports.RepCardIn(&d[i+1], c, cut); err != nil {
			t.Fatal(err)
		}
	}
	return drawn{d[0].Bytes(), d[1].Bytes(), d[2].Bytes(), d[3].Bytes()}
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
	t.Run("WesternTextEmbedsThe1252Cut", func(t *testing.T) {
		d := drawAll(t, westernCard("José Müller", comment("Œuvre, 5 € and ™ too.", "Zoë"), comment("Great call 👍", "")))
		if !bytes.Equal(d.card, d.ansi) {
			t.Fatal("a card of Windows-1252 text is not drawn in the 1252 cut of the font")
		}
		// Same face, same widths: every word starts and ends where the full
		// font puts it (its box's height comes from the font's descriptor).
		got, want := placed(t, d.ansi), placed(t, d.full)
		if len(got) != len(want) {
			t.Fatalf("the card has %d words in the 1252 cut, %d in the full font", len(got), len(want))
		}
		for i, w := range want {
			if g := got[i]; g.Page != w.Page || g.Text != w.Text || g.XMin != w.XMin || g.XMax != w.XMax || math.Abs(g.YMax-w.YMax) > 1 {
				t.Errorf("word %d is %+v in the 1252 cut, %+v in the full font", i, g, w)
			}
		}
		mustContain(t, pdfText(t, d.card), "José Müller", "Acme Ärzte GmbH", "Team Nord", "didn’t rush. ±0 surprises…",
			"Œuvre, 5 € and ™ too.", "Great call "+reports.StandIn, "“why”", "You heard: Cut costs (“Licences cost too much”)",
			"n = 23 · raw mean 73, 90% interval 63–80", "— José Müller, 20 Oct 2026")
	})
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
			"Great call "+reports.StandIn, "n = 23 · raw mean 73, 90% interval 63–80")
	})
	cyrillicTeam := latinCard("José Müller")
	cyrillicTeam.TeamName = "Север"
	// A question's text is not among the names and comments looked at
	// before drawing: the drawn card itself is checked.
	cyrillicQuestion := westernCard("José Müller")
	cyrillicQuestion.Questions[0].Texts = map[string]string{"en": "{rep} понял, что мне нужно."}
	latinQuestion := westernCard("José Müller")
	latinQuestion.Questions[0].Texts = map[string]string{"en": "{rep} zrozumiał, czego potrzebuję."}
	for _, tc := range []struct {
		name string
		card *surveys.RepCard
		cut  func(drawn) []byte
		want string
	}{
		{"CyrillicNameEmbedsTheFullFont", latinCard("Дмитрий Орлов"), full, "Дмитрий understood what I actually needed."},
		{"GreekCommentEmbedsTheFullFont", latinCard("José Müller", comment("Ο Νίκος ρώτησε πρώτα.", "Ελένη")), full, "Ο Νίκος ρώτησε πρώτα. — Ελένη, 20 Oct 2026"},
		{"LatinExtendedBEmbedsTheFullFont", latinCard("Ștefan Pîrvu"), full, "Ștefan came prepared"},
		{"CyrillicTeamNameEmbedsTheFullFont", cyrillicTeam, full, "Team Север"},
		{"CyrillicQuestionEmbedsTheFullFont", cyrillicQuestion, full, "José понял, что мне нужно."},
		{"PolishQuestionEmbedsTheLatinCut", latinQuestion, latin, "José zrozumiał, czego potrzebuję."},
		{"EmojiEmbedsThe1252Cut", westernCard("José Müller", comment("Great call 👍", "Zoë")), ansi, "Great call " + reports.StandIn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := drawAll(t, tc.card)
			if !bytes.Equal(d.card, tc.cut(d)) {
				t.Fatal("the card is not drawn in the cut of the font its text needs")
			}
			mustContain(t, pdfText(t, d.card), tc.card.Detail.Rep.Name, tc.want, "didn’t rush. ±0 surprises…")
		})
	}
}

// placed is the words of pdf in the order of their place: page, left
// edge, right edge, text, bottom.
func placed(t *testing.T, pdf []byte) []reporttest.Word {
	words := reporttest.MustWords(t, pdf)
	slices.SortFunc(words, func(a, b reporttest.Word) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.XMin, b.XMin), cmp.Compare(a.XMax, b.XMax),
			strings.Compare(a.Text, b.Text), cmp.Compare(a.YMax, b.YMax))
	})
	return words
}

func ansi(d drawn) []byte  { return d.ansi }
func full(d drawn) []byte  { return d.full }
func latin(d drawn) []byte { return d.latin }

func TestTeamReportFont(t *testing.T) {
	for _, tc := range []struct {
		name, rep string
		cut       string
	}{{"Western", "José Müller", "1252"}, {"Latin", "Zoë Łukasiewicz", "latin"}, {"Cyrillic", "Дмитрий Орлов", "full"}} {
		t.Run(tc.name, func(t *testing.T) {
			r := teamReport(2)
			r.Detail.Team.Name = "Nord"
			for i := range r.Detail.Reps {
				r.Detail.Reps[i].Rep = &surveys.Rep{ID: int64(i + 1), Name: "José Müller"}
			}
			r.Detail.Reps[1].Rep.Name = tc.rep
			var got, want bytes.Buffer
			if err := reports.TeamReport(&got, r); err != nil {
				t.Fatal(err)
			}
			if err := reports.TeamReportIn(&want, r, tc.cut); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("a team report with a rep named %s is not drawn in the %s cut", tc.rep, tc.cut)
			}
			mustContain(t, pdfText(t, got.Bytes()), "Nord", "José Müller", tc.rep)
		})
	}
}
