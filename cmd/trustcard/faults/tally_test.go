package faults_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// tally is what a fault test counts, for the README's table.
type tally struct {
	acknowledged int           // interactions and answers answered 2xx
	stored       int           // of those, found in the database
	sent         int           // invitations whose buyer the SMTP server got an email for
	duplicates   int           // emails beyond one per invitation
	lost         int           // acknowledged and not stored, or stored and never sent
	unavailable  int           // requests answered 503
	longest      time.Duration // the slowest request
}

// rules say what a fault may do to requests and emails.
type rules struct {
	refusedOK     bool // requests may fail to connect (the process stops)
	maxDuplicates int
}

// check counts results, the database and the sink, fails the test where a
// promise is broken, and logs the tally.
func (w *world) check(results []result, r rules) tally {
	w.t.Helper()
	t := w.t
	var tl tally
	acked := map[string]map[string]bool{"interaction": {}, "answer": {}}
	for _, res := range results {
		tl.longest = max(tl.longest, res.took)
		if res.status == http.StatusServiceUnavailable {
			tl.unavailable++
		}
		switch {
		case res.acknowledged():
			acked[res.kind][res.id] = true
		case res.status == 0 && !r.refusedOK:
			t.Errorf("%s %s: no answer: %v", res.kind, res.id, res.err)
		case res.status != 0 && (res.status != http.StatusServiceUnavailable || res.retryAfter == ""):
			t.Errorf("%s %s: answered %d (Retry-After %q), want 2xx, or 503 with Retry-After", res.kind, res.id, res.status, res.retryAfter)
		}
	}
	if tl.longest > bound {
		t.Errorf("the longest request took %v, want at most %v", tl.longest, bound)
	}
	stored := map[string]map[string]bool{
		"interaction": w.ids(`SELECT external_id FROM interactions`),
		"answer": w.ids(`SELECT x.external_id FROM responses r JOIN invitations i ON i.id = r.invitation_id
			JOIN interactions x ON x.id = i.interaction_id WHERE NOT r.provisional`),
	}
	for kind, ids := range acked {
		for id := range ids {
			tl.acknowledged++
			if stored[kind][id] {
				tl.stored++
			} else {
				t.Errorf("%s %s was acknowledged but is not stored", kind, id)
			}
		}
	}
	got := map[string]int{}
	for _, m := range w.sink.Snapshot().Messages {
		for _, to := range m.To {
			got[strings.ToLower(to)]++
		}
	}
	for id := range stored["interaction"] {
		switch n := got[buyerOf(id)]; {
		case n == 0:
			t.Errorf("interaction %s is stored but its survey was never sent", id)
			tl.lost++
		default:
			tl.sent++
			tl.duplicates += n - 1
		}
	}
	tl.lost += tl.acknowledged - tl.stored
	if tl.duplicates > r.maxDuplicates {
		t.Errorf("%d emails were sent twice, want at most %d", tl.duplicates, r.maxDuplicates)
	}
	t.Logf("FAULT %s: acknowledged %d, stored %d, sent %d, duplicates %d, lost %d, answered 503 %d, longest request %v",
		t.Name(), tl.acknowledged, tl.stored, tl.sent, tl.duplicates, tl.lost, tl.unavailable, tl.longest.Round(time.Millisecond))
	return tl
}

// wantUnavailable fails the test unless some request got a 503: the fault
// must have been felt for the test to mean anything.
func wantUnavailable(t *testing.T, results []result) {
	t.Helper()
	for _, r := range results {
		if r.status == http.StatusServiceUnavailable {
			return
		}
	}
	t.Errorf("no request got a 503 during the fault (%d requests): the fault was not felt", len(results))
}
