package api

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"trustcard/surveys"
)

// boardSort is a board table's order: a column and its direction. A
// column's first direction is the one people look for first: names A–Z,
// figures best first.
type boardSort struct {
	Key  string // one of boardColumns' keys
	Desc bool
}

// defaultBoardSort ranks by the shrunk score, best first, so a rep with two
// answers is never shown as the best.
var defaultBoardSort = boardSort{Key: "score", Desc: true}

// String is the sort as ?sort= writes it: "score", or "-score" descending.
func (s boardSort) String() string {
	if s.Desc {
		return "-" + s.Key
	}
	return s.Key
}

// boardColumn is one sortable column of a board's table.
type boardColumn struct {
	key, label string
	desc       bool // descending first
	value      func(boardRow) (float64, bool)
}

// boardColumns are the table's sortable columns, in order; "name" and
// "group" sort by text.
var boardColumns = []boardColumn{
	{key: "name", label: "Name"},
	{key: "group", label: "Team"},
	{key: "score", label: "Trust score", desc: true, value: func(r boardRow) (float64, bool) { return r.fig.Score, r.fig.HasScore }},
	{label: "90% interval"}, // drawn as a bar; not sortable
	{key: "n", label: "n", desc: true, value: func(r boardRow) (float64, bool) { return float64(r.fig.N), true }},
	{key: "rate", label: "Response rate", desc: true, value: func(r boardRow) (float64, bool) { return r.fig.ResponseRate, r.fig.Sent > 0 }},
	{key: "nps", label: "NPS", desc: true, value: func(r boardRow) (float64, bool) { return r.fig.NPS.Score, r.fig.NPS.N > 0 }},
	{key: "change", label: "Change", desc: true, value: func(r boardRow) (float64, bool) { return r.Change.Points, r.Change.Has }},
}

// parseBoardSort reads ?sort=: a column's key, "-" before it for
// descending; empty is defaultBoardSort.
func parseBoardSort(s string) (boardSort, error) {
	if s == "" {
		return defaultBoardSort, nil
	}
	out := boardSort{Key: strings.TrimPrefix(s, "-"), Desc: strings.HasPrefix(s, "-")}
	if out.Key == "" || !slices.ContainsFunc(boardColumns, func(c boardColumn) bool { return c.key == out.Key }) {
		var keys []string
		for _, c := range boardColumns {
			if c.key != "" {
				keys = append(keys, c.key)
			}
		}
		return out, surveys.Errorf(surveys.EINVALID, "sort", "must be one of %s, with - before it for descending", strings.Join(keys, ", "))
	}
	return out, nil
}

// boardTable is a board's table: a row per rep (a team's board) or team
// (the org board), with links that sort it.
type boardTable struct {
	Caption string
	Heads   []boardHead
	Rows    []boardRow
	Empty   string // why there are no rows
}

// boardHead is a column's head: a link that sorts by it.
type boardHead struct {
	Label    string
	URL      string // sorts by this column: its first direction, or the other when it is the current one; empty: not sortable
	AriaSort string // "ascending" or "descending" on the current column
	Figure   bool   // a column of figures
}

// boardRow is one rep's or team's line, formatted.
type boardRow struct {
	Name     string
	URL      string // their page or board
	Group    string // a rep's team, or a team's parent; empty: none
	Score    string // "78", or "—"
	Low      bool   // low confidence
	Interval string // "70–85", or empty
	Bar      template.HTML
	N        string
	Rate     string
	NPS      string
	Change   Change
	Extra    string // a team's reps: "12 reps"

	fig surveys.Figures // for sorting
}

// newBoardRow formats figures f, against prev, of a rep or team.
func newBoardRow(name, url, group string, f, prev, mean surveys.Figures, meanOf Reference, charts Charts, tx appTexts) boardRow {
	r := boardRow{Name: name, URL: url, Group: group, Score: "—", N: strconv.FormatInt(f.N, 10), Rate: "—", NPS: "—",
		Low: f.HasScore && f.LowConfidence, Change: NewChange(f, prev, "en"), fig: f}
	r.Bar = charts.IntervalBar(Bar{Name: name, Figures: f, Mean: mean, MeanOf: meanOf})
	if f.HasScore {
		r.Score = scoreFigure(f.Score)
	}
	if f.HasInterval {
		lo, hi := shownInterval(f)
		r.Interval = scoreFigure(lo) + "–" + scoreFigure(hi)
	}
	if f.Sent > 0 {
		r.Rate = percent(f.ResponseRate)
	}
	if f.NPS.N > 0 {
		r.NPS, _ = tx.signed(f.NPS.Score, 0)
	}
	return r
}

// tier places a row before others by the figure col sorts by, whichever
// the direction: rows with the figure first, rows without last; by the
// score, those of low confidence (under 5 answers) between the two, so
// that a rep with two glowing answers is never shown as the best, nor one
// with two poor answers as the weakest.
func tier(col boardColumn, r boardRow, has bool) int {
	switch {
	case !has:
		return 2
	case col.key == "score" && r.Low:
		return 1
	}
	return 0
}

// sortRows orders rows by s (see tier); ties keep the order by name.
func sortRows(rows []boardRow, s boardSort) {
	slices.SortStableFunc(rows, func(a, b boardRow) int { return strings.Compare(a.Name, b.Name) })
	col := boardColumns[slices.IndexFunc(boardColumns, func(c boardColumn) bool { return c.key == s.Key })]
	slices.SortStableFunc(rows, func(a, b boardRow) int {
		var c int
		switch {
		case col.key == "name":
			c = strings.Compare(a.Name, b.Name)
		case col.key == "group":
			c = strings.Compare(a.Group, b.Group)
		default:
			x, hasX := col.value(a)
			y, hasY := col.value(b)
			if t := cmp.Compare(tier(col, a, hasX), tier(col, b, hasY)); t != 0 {
				return t
			}
			c = cmp.Compare(x, y)
		}
		if s.Desc {
			return -c
		}
		return c
	})
}

// boardHeads are the table's column heads, linked to sort it, for a board
// at link with the query q.
func boardHeads(q boardQuery, groupLabel string, link func(boardQuery) string) []boardHead {
	out := make([]boardHead, len(boardColumns))
	for i, c := range boardColumns {
		next := boardSort{Key: c.key, Desc: c.desc}
		h := boardHead{Label: c.label, Figure: c.value != nil}
		if c.key == "group" {
			h.Label = groupLabel
		}
		if c.key == "" {
			out[i] = h
			continue
		}
		if q.Sort.Key == c.key {
			next.Desc = !q.Sort.Desc
			h.AriaSort = "ascending"
			if q.Sort.Desc {
				h.AriaSort = "descending"
			}
		}
		nq := q
		nq.Sort, nq.Page = next, 1
		h.URL = link(nq) + "#board"
		out[i] = h
	}
	return out
}
