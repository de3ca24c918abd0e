package surveys

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"
)

// The rollups of every rep over the default window — what the reps list
// every leader opens is figured from — are summed once and kept in memory
// per org, with the rollup version of each team (RollupVersions) read
// before the rows. A later request reads the versions, a row per team, and
// sums again only the rows of teams whose version moved; the day the
// default window moves on, every team's. A change committed between
// reading the versions and the rows is in the rows and raises the version,
// so those rows are read again next time: what is kept is never staler
// than its label. Kept sums are shared by requests and never changed.

// maxKeptSums bounds the rows kept over all orgs (about 90 bytes each, a
// rep's figures counting as figuresRows), maxKeptTrends the teams' trend
// periods (24 bytes each); the orgs used longest ago make room first.
const (
	maxKeptSums   = 500_000
	figuresRows   = 10
	maxKeptTrends = 400_000
)

// kept holds one value per org, for one period, made room for by use.
type kept[T any] struct {
	mu   sync.Mutex
	orgs map[int64]*keptEntry[T]
	rows int
}

type keptEntry[T any] struct {
	period Period
	value  *T
	rows   int
	used   time.Time
}

// get returns org orgID's value for p, or nil.
func (k *kept[T]) get(orgID int64, p Period, now time.Time) *T {
	k.mu.Lock()
	defer k.mu.Unlock()
	e := k.orgs[orgID]
	if e == nil || e.period != p {
		return nil
	}
	e.used = now
	return e.value
}

// put keeps v, of rows rows, as org orgID's value for p, dropping the
// values used longest ago while the rows kept would pass limit.
func (k *kept[T]) put(orgID int64, p Period, v *T, rows, limit int, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if old := k.orgs[orgID]; old != nil {
		k.rows -= old.rows
		delete(k.orgs, orgID)
	}
	if rows > limit {
		return
	}
	for k.rows+rows > limit {
		var oldest *keptEntry[T]
		var id int64
		for i, e := range k.orgs {
			if oldest == nil || e.used.Before(oldest.used) {
				oldest, id = e, i
			}
		}
		k.rows -= oldest.rows
		delete(k.orgs, id)
	}
	if k.orgs == nil {
		k.orgs = map[int64]*keptEntry[T]{}
	}
	k.orgs[orgID] = &keptEntry[T]{period: p, value: v, rows: rows, used: now}
	k.rows += rows
}

// orgSums are one org's rollups over one period, summed per rep and team.
// Once built they are only read.
type orgSums struct {
	versions map[int64]int64 // by team, as read before the rows
	k        float64         // the shrinkage the figures were computed with
	all      *tally          // every row's
	byRep    map[int64][]RollupSum
	figures  map[int64]Figures // by rep
	rows     int
}

// everyRepSums fills sc, a scorer of every rep of org over p, from the
// kept sums, reading again the rows of teams whose rollups changed.
func (s *Scores) everyRepSums(ctx context.Context, org *Org, p Period, sc *scorer) error {
	versions, err := s.store.RollupVersions(ctx, org.ID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	kept := s.keptReps.get(org.ID, p, now)
	if kept != nil && kept.k != sc.k {
		kept = nil
	}
	var keptVersions map[int64]int64
	if kept != nil {
		keptVersions = kept.versions
	}
	stale := staleTeams(keptVersions, versions)
	if kept == nil || len(stale) > 0 {
		q := RollupQuery{OrgID: org.ID, Periods: []Period{p}, ByRep: true}
		if kept != nil {
			q.TeamIDs = stale
		}
		fresh := map[int64][]RollupSum{}
		err := s.store.SumRollups(ctx, q, func(r RollupSum) { fresh[r.RepID] = append(fresh[r.RepID], r) })
		if err != nil {
			return err
		}
		next, complete := kept.refreshed(sc.k, versions, stale, fresh)
		if complete {
			s.keptReps.put(org.ID, p, next, next.rows, maxKeptSums, now)
		}
		kept = next
	}
	sc.all, sc.byRep, sc.figures = kept.all, kept.byRep, kept.figures
	return nil
}

// staleTeams are the teams of versions whose kept rows are of another
// version, or not kept.
func staleTeams(kept, versions map[int64]int64) []int64 {
	stale := []int64{}
	for team, v := range versions {
		if kept[team] != v {
			stale = append(stale, team)
		}
	}
	return stale
}

// refreshed is kept (nil: nothing) with the rows of the stale teams
// replaced by fresh, labelled with versions, and every rep's figures
// with shrinkage k. complete is false when a
// fresh row is of a team without a version, which could then never be
// known to change: such sums are used once and not kept.
func (kept *orgSums) refreshed(k float64, versions map[int64]int64, stale []int64, fresh map[int64][]RollupSum) (*orgSums, bool) {
	next := &orgSums{k: k, versions: maps.Clone(versions), all: newTally(), byRep: map[int64][]RollupSum{}}
	if kept != nil {
		replaced := make(map[int64]bool, len(stale))
		for _, t := range stale {
			replaced[t] = true
		}
		for rep, rows := range kept.byRep {
			if keep := keptRows(rows, replaced); len(keep) > 0 {
				next.byRep[rep] = keep
			}
		}
	}
	complete := true
	for rep, rows := range fresh {
		next.byRep[rep] = append(slices.Clip(next.byRep[rep]), rows...) // kept slices are shared
		for _, r := range rows {
			if _, ok := versions[r.TeamID]; !ok {
				complete = false
			}
		}
	}
	for _, rows := range next.byRep {
		for _, r := range rows {
			next.all.add(r)
		}
		next.rows += len(rows)
	}
	sc := &scorer{k: k, all: next.all, byRep: next.byRep}
	next.figures = make(map[int64]Figures, len(next.byRep))
	for rep := range next.byRep {
		next.figures[rep] = sc.rep(rep)
	}
	next.rows += figuresRows * len(next.figures)
	return next, complete
}

// keptRows are rows without those of replaced teams: rows itself when
// none is replaced.
func keptRows(rows []RollupSum, replaced map[int64]bool) []RollupSum {
	for i, r := range rows {
		if replaced[r.TeamID] {
			out := append([]RollupSum(nil), rows[:i]...)
			for _, r := range rows[i+1:] {
				if !replaced[r.TeamID] {
					out = append(out, r)
				}
			}
			return out
		}
	}
	return rows
}
