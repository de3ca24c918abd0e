package surveys

import "context"

// scorer holds one window's rollups summed per rep and team, indexed by
// rep, so each rep's figures cost its own rows and not the whole org's.
// A scorer of every rep pools the org's and the teams' figures from the
// reps' rows; a scorer of some reps reads, in the same statement, the
// teams' own totals (rep 0) for them, so a page about one rep or one team
// costs rows per team, not per rep of the org.
type scorer struct {
	k        float64
	all      *tally                // the org's
	byRep    map[int64][]RollupSum // the reps' rows
	byTeam   map[int64][]RollupSum // the teams' own totals; nil: pool byRep
	figures  map[int64]Figures     // the reps' figures when kept (see keptSums); else nil
	everyRep bool
}

// scorer sums the rollups of org over w for reps (nil: every rep).
func (s *Scores) scorer(ctx context.Context, org *Org, w Window, reps []int64) (*scorer, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	sc := &scorer{k: org.Settings.ShrinkK, everyRep: reps == nil}
	if sc.everyRep && w.Period() == s.defaultPeriod(org) {
		return sc, s.everyRepSums(ctx, org, w.Period(), sc)
	}
	sc.all = newTally()
	q := RollupQuery{OrgID: org.ID, Periods: []Period{w.Period()}, ByRep: true}
	if reps != nil {
		q.RepIDs, sc.byTeam = append([]int64{0}, reps...), map[int64][]RollupSum{}
	}
	var rows Blocks[RollupSum]
	err := s.store.SumRollups(ctx, q, func(r RollupSum) {
		switch {
		case sc.everyRep:
			sc.all.add(r)
		case r.RepID == 0:
			sc.all.add(r)
			sc.byTeam[r.TeamID] = append(sc.byTeam[r.TeamID], r)
			return
		}
		rows.Add(r)
	})
	if err != nil {
		return nil, err
	}
	sc.byRep = groupByRep(&rows)
	return sc, nil
}

// groupByRep splits rows into a slice per rep, all in one array: every
// rep's rows appended one by one would grow each rep's slice a few times.
func groupByRep(rows *Blocks[RollupSum]) map[int64][]RollupSum {
	type span struct{ start, end int }
	spans := map[int64]*span{}
	for r := range rows.All {
		sp := spans[r.RepID]
		if sp == nil {
			sp = &span{}
			spans[r.RepID] = sp
		}
		sp.end++ // a count, for now
	}
	at := 0
	for _, sp := range spans {
		sp.start, sp.end, at = at, at, at+sp.end
	}
	grouped := make([]RollupSum, rows.Len())
	for r := range rows.All {
		sp := spans[r.RepID]
		grouped[sp.end] = r
		sp.end++
	}
	out := make(map[int64][]RollupSum, len(spans))
	for rep, sp := range spans {
		out[rep] = grouped[sp.start:sp.end:sp.end]
	}
	return out
}

func (sc *scorer) orgMean() float64 { return sc.all.trust.moments().Mean() }

func (sc *scorer) org() Figures { return sc.all.figures(sc.orgMean(), sc.k) }

// rep returns the figures of rep id, which must be one the scorer read.
func (sc *scorer) rep(id int64) Figures {
	if f, ok := sc.figures[id]; ok {
		return f
	}
	t := newTally()
	t.ref = sc.all
	for _, r := range sc.byRep[id] {
		t.add(r)
	}
	return t.figures(sc.orgMean(), sc.k)
}

// teams pools the rows counted toward any of the teams ids.
func (sc *scorer) teams(ids []int64) Figures {
	t := newTally()
	t.ref = sc.all
	if !sc.everyRep {
		for _, id := range ids {
			for _, r := range sc.byTeam[id] {
				t.add(r)
			}
		}
		return t.figures(sc.orgMean(), sc.k)
	}
	keep := map[int64]bool{}
	for _, id := range ids {
		keep[id] = true
	}
	for _, rows := range sc.byRep {
		for _, r := range rows {
			if keep[r.TeamID] {
				t.add(r)
			}
		}
	}
	return t.figures(sc.orgMean(), sc.k)
}
