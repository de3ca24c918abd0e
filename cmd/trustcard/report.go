package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"trustcard/reports"
	"trustcard/surveys"
)

// reportFlags are what `trustcard report` draws.
type reportFlags struct {
	rep, out, from, to string
	team               int64
	allCards           bool
}

const reportUsage = "trustcard report --rep ID|--team ID [--all-cards] [--from DATE] [--to DATE] -o FILE"

func (c *cli) report(ctx context.Context, args []string) error {
	var f reportFlags
	cfg, err := c.parse("report", reportUsage+"\n\nWrite a rep's card, a team report, or (--all-cards) a ZIP of the cards of a team or, without --team, of the org.",
		args, func(fs *flag.FlagSet) {
			fs.StringVar(&f.rep, "rep", "", "the rep's id or external id")
			fs.Int64Var(&f.team, "team", 0, "the team's id")
			fs.BoolVar(&f.allCards, "all-cards", false, "a ZIP of every rep card of --team, or of the org")
			fs.StringVar(&f.from, "from", "", "first day, YYYY-MM-DD (default 89 days before --to)")
			fs.StringVar(&f.to, "to", "", "last day, YYYY-MM-DD (default today)")
			fs.StringVar(&f.out, "o", "", "the file to write (required)")
		})
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	m := NewMain(cfg, c.stderr)
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	ctx = m.AsAdmin(ctx)
	w, err := m.Services.Scores.ParseWindow(ctx, f.from, f.to)
	if err != nil {
		return cliError(err)
	}
	return writeAtomically(f.out, func(out io.Writer) error { return c.drawReport(ctx, m.Services, f, w, out) })
}

func (f *reportFlags) check() error {
	switch {
	case f.out == "":
		return fmt.Errorf("-o is required: %s", reportUsage)
	case f.rep != "" && (f.team != 0 || f.allCards):
		return fmt.Errorf("--rep draws one card; use --team or --all-cards without it")
	case f.rep == "" && f.team == 0 && !f.allCards:
		return fmt.Errorf("say what to draw: %s", reportUsage)
	}
	return nil
}

func (c *cli) drawReport(ctx context.Context, svc *surveys.Services, f reportFlags, w surveys.Window, out io.Writer) error {
	switch {
	case f.rep != "":
		id, err := repID(ctx, svc, f.rep)
		if err != nil {
			return err
		}
		card, err := svc.Scores.RepCard(ctx, id, w)
		if err != nil {
			return cliError(err)
		}
		return reports.RepCard(out, card)
	case f.allCards:
		ids, err := svc.Scores.CardRepIDs(ctx, f.team)
		if err != nil {
			return cliError(err)
		}
		err = reports.Zip(out, c.progress(len(ids), svc.Scores.RepCards(ctx, ids, w)))
		fmt.Fprintln(c.stderr)
		return err
	}
	r, err := svc.Scores.TeamReport(ctx, f.team, w)
	if err != nil {
		return cliError(err)
	}
	return reports.TeamReport(out, r)
}

// progress draws a bar on stderr as the cards are drawn.
func (c *cli) progress(total int, cards iter.Seq2[*surveys.RepCard, error]) iter.Seq2[*surveys.RepCard, error] {
	return func(yield func(*surveys.RepCard, error) bool) {
		done := 0
		for card, err := range cards {
			if !yield(card, err) {
				return
			}
			done++
			filled := 30 * done / max(total, 1)
			fmt.Fprintf(c.stderr, "\r[%s%s] %d/%d cards", strings.Repeat("#", filled), strings.Repeat(" ", 30-filled), done, total)
		}
	}
}

// repID reads --rep as an id, or else as an external id.
func repID(ctx context.Context, svc *surveys.Services, s string) (int64, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		return id, nil
	}
	id, err := repByExternalID(ctx, svc, s)
	if err == nil && id == 0 {
		err = fmt.Errorf("--rep: no rep with id or external id %q", s)
	}
	return id, err
}

// repByExternalID returns the id of the rep with an external id, or 0.
func repByExternalID(ctx context.Context, svc *surveys.Services, ext string) (int64, error) {
	reps, _, err := svc.Directory.FindReps(ctx, surveys.RepFilter{ExternalID: &ext, Page: surveys.Page{Limit: -1}})
	if err != nil || len(reps) == 0 {
		return 0, err
	}
	return reps[0].ID, nil
}

// writeAtomically writes path through a temporary file beside it, so a
// failure leaves no half-written report.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trustcard-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := errors.Join(write(tmp), tmp.Chmod(0o644), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
