package surveys

import (
	"context"
	"maps"
	"slices"
)

// Every rep's and team's page shrinks each of its 24 trend periods toward
// the org's trust mean of that period, which is read from every team's own
// totals. Those are kept per org and team like the reps' sums (see
// keptSums): a page reads the teams' versions and sums again only the
// teams whose version moved.

// orgTrends are one org's trust sums per team and trend period. Once
// built they are only read.
type orgTrends struct {
	versions map[int64]int64       // by team, as read before the rows
	byTeam   map[int64][]trustSums // per trend period
	means    []float64             // the org's, per trend period
}

// orgTrendMeans returns the org's trust mean of each of periods, the
// trend periods of one window.
func (s *Scores) orgTrendMeans(ctx context.Context, org *Org, periods []Period) ([]float64, error) {
	versions, err := s.store.RollupVersions(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	key := Period{From: periods[0].From, To: periods[len(periods)-1].To} // a window's trend periods follow from both
	kept := s.keptTrends.get(org.ID, key, now)
	var keptVersions map[int64]int64
	if kept != nil {
		keptVersions = kept.versions
	}
	stale := staleTeams(keptVersions, versions)
	if kept != nil && len(stale) == 0 {
		return kept.means, nil
	}
	q := RollupQuery{OrgID: org.ID, Periods: periods, RepIDs: []int64{0}, ByRep: true} // the teams' own totals
	if kept != nil {
		q.TeamIDs = stale
	}
	fresh := map[int64][]trustSums{}
	complete := true
	err = s.store.SumRollups(ctx, q, func(r RollupSum) {
		if r.Metric != MetricTrust {
			return
		}
		if _, ok := versions[r.TeamID]; !ok {
			complete = false // could never be known to change: used once, not kept
		}
		if fresh[r.TeamID] == nil {
			fresh[r.TeamID] = make([]trustSums, len(periods))
		}
		fresh[r.TeamID][r.Period].add(r.N, r.Sum, r.SumSq)
	})
	if err != nil {
		return nil, err
	}
	next := &orgTrends{versions: maps.Clone(versions), byTeam: fresh, means: make([]float64, len(periods))}
	if kept != nil {
		for team, sums := range kept.byTeam {
			if _, read := fresh[team]; !read && !slices.Contains(stale, team) {
				next.byTeam[team] = sums
			}
		}
	}
	totals := make([]trustSums, len(periods))
	for _, sums := range next.byTeam {
		for i, t := range sums {
			totals[i].add(t.n, t.sum, t.sumSq)
		}
	}
	for i, t := range totals {
		next.means[i] = t.moments().Mean()
	}
	if complete {
		s.keptTrends.put(org.ID, key, next, len(next.byTeam)*len(periods), maxKeptTrends, now)
	}
	return next.means, nil
}
