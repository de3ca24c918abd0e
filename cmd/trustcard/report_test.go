package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

func TestReportCommand(t *testing.T) {
	dsn := storetest.MustDSN(t, "sqlite")
	cfg := DefaultConfig()
	cfg.DatabaseURL = dsn
	m := NewMain(cfg, io.Discard)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := m.AsAdmin(context.Background())
	team := &surveys.Team{Name: "Vertrieb Süd"}
	if err := m.Services.Directory.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	for _, r := range []surveys.RepInput{{ExternalID: "z", Name: "Zoë Łukasiewicz", Email: "zoe@acme.test", Team: team.Name, Active: true},
		{ExternalID: "d", Name: "Дмитрий Орлов", Email: "dima@acme.test", Team: team.Name, Active: true}} {
		if _, _, err := m.Services.Directory.UpsertRep(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	m.Close()
	dir := t.TempDir()
	run := func(args ...string) string {
		var out, errOut bytes.Buffer
		c := &cli{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
		if err := c.run(context.Background(), append(append([]string{"report"}, args...), "--database-url", dsn)); err != nil {
			t.Fatalf("trustcard report %v: %v\n%s", args, err, errOut.String())
		}
		return errOut.String()
	}
	t.Run("RepCardByExternalID", func(t *testing.T) {
		path := filepath.Join(dir, "zoe.pdf")
		run("--rep", "z", "--from", "2026-01-01", "--to", "2026-03-31", "-o", path)
		text := pdfFile(t, path)
		for _, want := range []string{"Zoë Łukasiewicz", "Team Vertrieb Süd", "1 Jan – 31 Mar 2026", "No buyer answered in this period"} {
			if !strings.Contains(text, want) {
				t.Errorf("card lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("TeamReport", func(t *testing.T) {
		path := filepath.Join(dir, "team.pdf")
		run("--team", "1", "-o", path)
		if text := pdfFile(t, path); !strings.Contains(text, "Дмитрий Орлов") {
			t.Errorf("team report lacks its reps:\n%s", text)
		}
	})
	t.Run("AllCardsWithProgress", func(t *testing.T) {
		path := filepath.Join(dir, "cards.zip")
		if progress := run("--all-cards", "-o", path); !strings.Contains(progress, "2/2 cards") {
			t.Errorf("progress = %q, want it to reach 2/2 cards", progress)
		}
		z, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer z.Close()
		if len(z.File) != 2 {
			t.Errorf("ZIP holds %d cards, want 2", len(z.File))
		}
	})
	t.Run("BadInputWritesNothing", func(t *testing.T) {
		path := filepath.Join(dir, "none.pdf")
		c := &cli{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		for args, want := range map[string]string{
			"--rep z":                              "-o is required",
			"-o " + path:                           "say what to draw",
			"--rep z --team 1 -o " + path:          "--rep draws one card",
			"--rep z --from 2026-02-30 -o " + path: "--from: must be a date",
			"--rep nobody -o " + path:              "no rep with id or external id",
			"--team 99 -o " + path:                 "no team 99",
		} {
			err := c.run(context.Background(), append(append([]string{"report"}, strings.Fields(args)...), "--database-url", dsn))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("report %s: %v, want %q", args, err, want)
			}
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("a failed report left %s behind", path)
		}
	})
}

func pdfFile(t *testing.T, path string) string {
	t.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return reporttest.MustText(t, pdf)
}
