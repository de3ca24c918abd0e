package reports_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"trustcard/reports"
)

var demoDir = flag.String("demo", "", "write demo cards into this directory, to look at")

// TestDemoCards writes a demo card and team report to -demo, for a person
// to render (pdftoppm -png) and look at.
func TestDemoCards(t *testing.T) {
	if *demoDir == "" {
		t.Skip("no -demo directory")
	}
	c := card(7, "Zoë Łukasiewicz", 23, comment("great call 👍 — she asked about our rollout before showing anything", "José Müller"),
		comment(`<script>alert(1)</script> =HYPERLINK("x")`, ""))
	f, err := os.Create(filepath.Join(*demoDir, "card.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := reports.RepCard(f, c); err != nil {
		t.Fatal(err)
	}
	g, err := os.Create(filepath.Join(*demoDir, "team.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if err := reports.TeamReport(g, teamReport(40)); err != nil {
		t.Fatal(err)
	}
}
