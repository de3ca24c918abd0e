package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"trustcard/reports"
	"trustcard/surveys"
)

func render(t *testing.T, c *surveys.RepCard) string {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.RepCard(&buf, c); err != nil {
		t.Fatal(err)
	}
	return pdfText(t, buf.Bytes())
}

func TestRepCard(t *testing.T) {
	t.Run("NamesInAnyScript", func(t *testing.T) {
		for _, name := range []string{"Zoë Łukasiewicz", "José Müller", "Дмитрий Орлов", "Νίκος Παπαδόπουλος"} {
			text := render(t, card(7, name, 23))
			mustContain(t, text, name, "72", "n = 23", "Acme Ärzte GmbH", "Nord — Ελλάδα", "1 Aug – 31 Oct 2026")
		}
	})
	t.Run("FiguresAndSections", func(t *testing.T) {
		text := render(t, card(7, "José Müller", 23))
		mustContain(t, text, "raw mean 73, 90% interval 63–80", "Team", "68", "Org", "65", "Rep NPS",
			"interactions posted", "76", "surveys sent", "69", "answered", "25",
			"throttled 4", "unsubscribed 2", "Strength", "Focus", "How these figures are computed",
			"José understood what I actually needed.", "4.3 · 80% · n 23")
	})
	t.Run("HostileCommentsLiterally", func(t *testing.T) {
		text := render(t, card(7, "José Müller", 23,
			comment(`<script>alert("x")</script>`, ""),
			comment(`=HYPERLINK("http://evil.example","click")`, "Zoë Łukasiewicz"),
			comment("great call 👍", "")))
		mustContain(t, text, `<script>alert("x")</script>`, `=HYPERLINK("http://evil.example","click")`,
			"— Zoë Łukasiewicz, 20 Oct 2026", "— anonymous buyer", "great call "+reports.StandIn)
	})
	t.Run("AnyCharacterRenders", func(t *testing.T) {
		odd := "谢谢 مرحبا \u200fRTL\u200e 🇩🇪 \U0010FFFF \uFEFF\uFFFF \x00\x1b[31m \xff\xfe bad \tend"
		c := card(7, "Zoë 👍 "+odd, 3, comment(odd, odd))
		c.OrgName, c.TeamName = odd, odd
		text := render(t, c)
		mustContain(t, text, "Zoë "+reports.StandIn, "bad end", reports.StandIn+reports.StandIn+" "+reports.StandIn)
	})
	t.Run("LongCommentsContinue", func(t *testing.T) {
		long := strings.Repeat("Sehr gründlich vorbereitet, aber zu schnell beim Angebot. ", 34) + "ENDE-DES-KOMMENTARS"
		var cs []surveys.Comment
		for range surveys.MaxCardComments {
			cs = append(cs, comment(long, ""))
		}
		text := render(t, card(7, "José Müller", 23, cs...))
		if got := strings.Count(text, "ENDE-DES-KOMMENTARS"); got != surveys.MaxCardComments {
			t.Errorf("comment ends shown: got %d, want %d", got, surveys.MaxCardComments)
		}
		if pages(t, text) < 3 {
			t.Errorf("got %d pages, want the comments to continue onto more", pages(t, text))
		}
	})
	t.Run("EmptyPeriod", func(t *testing.T) {
		c := card(7, "Дмитрий Орлов", 0)
		c.Detail.Figures = surveys.Figures{Questions: map[string]surveys.QuestionResult{}}
		text := render(t, c)
		mustContain(t, text, "no responses in this period", "No buyer answered in this period",
			"7 interactions were recorded and 0 surveys sent", "No comments in this period", "no answers")
	})
	t.Run("Deterministic", func(t *testing.T) {
		var a, b bytes.Buffer
		c := card(7, "Zoë Łukasiewicz", 23, comment("great call 👍", "José Müller"))
		if err := reports.RepCard(&a, c); err != nil {
			t.Fatal(err)
		}
		if err := reports.RepCard(&b, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Error("the same card drawn twice gives different bytes")
		}
	})
	t.Run("LetterPaper", func(t *testing.T) {
		c := card(7, "José Müller", 23)
		c.PaperSize = "Letter"
		var buf bytes.Buffer
		if err := reports.RepCard(&buf, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes(), []byte("/MediaBox [0 0 612.00 792.00]")) {
			t.Error("Letter card lacks a US Letter media box")
		}
	})
}
