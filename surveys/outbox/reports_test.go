package outbox_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// The monthly reports are queued once per org and month, fan out to one
// email per leader (and per rep when rep_cards is on), and reach the SMTP
// server with their PDFs attached.
func TestMonthlyReports(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, storetest.MustOpen(t, driver), &testClock{now: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)})
			lee := &surveys.User{Email: "lee@acme.test", Name: "Lee Łukasiewicz", Role: surveys.RoleLeader}
			if _, err := e.svc.Directory.CreateUser(e.ctx, lee); err != nil {
				t.Fatal(err)
			}
			team := &surveys.Team{Name: "Vertrieb Süd", LeaderIDs: []int64{lee.ID}}
			if err := e.svc.Directory.CreateTeam(e.ctx, team); err != nil {
				t.Fatal(err)
			}
			if _, _, err := e.svc.Directory.UpsertRep(e.ctx, surveys.RepInput{ExternalID: "r1", Name: "Ann Lee", Email: "ann@acme.test", Team: team.Name, Active: true}); err != nil {
				t.Fatal(err)
			}
			s := mailtest.MustStart(t, mailtest.Options{})
			ob := newOutbox(t, e.svc, s.Addr(), outboxOptions)
			var drawn []string
			ob.DrawReports = func(m *surveys.ReportMail) ([]mail.Attachment, error) {
				drawn = append(drawn, m.Month.From.Format("2006-01")+" "+m.To)
				return []mail.Attachment{{Name: "report.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.3 for " + m.To)}}, nil
			}
			schedule := func(want int) {
				t.Helper()
				if n, err := e.svc.Worker.ScheduleMonthlyReports(context.Background()); err != nil || n != want {
					t.Fatalf("ScheduleMonthlyReports = %d, %v; want %d", n, err, want)
				}
			}

			schedule(1)
			schedule(0) // once per month
			drain(t, ob)
			if got := recipients(s.Snapshot().Messages); len(got) != 1 || got["lee@acme.test"] != 1 {
				t.Errorf("recipients %v, want the leader once (rep_cards is off)", got)
			}
			if len(drawn) != 1 || drawn[0] != "2026-10 lee@acme.test" {
				t.Errorf("drew %v, want October's report for the leader", drawn)
			}
			data := string(s.Snapshot().Messages[0].Data)
			for _, want := range []string{`filename="report.pdf"`, base64.StdEncoding.EncodeToString([]byte("%PDF-1.3 for lee@acme.test")),
				"Trustcard team reports for October 2026"} {
				if !strings.Contains(data, want) {
					t.Errorf("leader's email lacks %q:\n%s", want, data)
				}
			}

			if _, err := e.svc.Directory.PatchSettings(e.ctx, func(s *surveys.Settings) { s.RepCards = true }); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(30 * 24 * time.Hour) // into December
			schedule(1)
			drain(t, ob)
			got := recipients(s.Snapshot().Messages)
			if got["lee@acme.test"] != 2 || got["ann@acme.test"] != 1 || len(got) != 2 {
				t.Errorf("recipients %v, want the leader twice and the rep once", got)
			}
			schedule(0)
			if n := drain(t, ob); n != 0 {
				t.Errorf("claimed %d more jobs after the month's reports went out", n)
			}
		})
	}
}
