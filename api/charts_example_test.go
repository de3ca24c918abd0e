package api_test

import (
	"fmt"
	"html/template"
	"os"
	"time"

	"trustcard/api"
	"trustcard/surveys"
)

// A page's handler reads the window as the domain parses it and today in
// the org's zone, and hands the page the picker; the page links each
// option as ?from=&to= and fills the custom range's date inputs.
func ExampleNewPeriodPicker() {
	// In a handler:
	//   w, err := s.Scores.ParseWindow(ctx, c.Query("from"), c.Query("to"))
	//   def, err := s.Scores.DefaultWindow(ctx) // def.To is today in the org's zone
	today := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	w := surveys.Window{From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), To: today}
	p := api.NewPeriodPicker(today, w, "en")
	for _, o := range p.Options {
		fmt.Printf("%-14s %-10s %-10s %-22s %v\n", o.Label, o.From, o.To, o.Range, o.Selected)
	}
	fmt.Println(p.Label, "·", p.Compared)
	// Output:
	// This month     2026-12-01 2026-12-15 1 – 15 Dec 2026        false
	// Last month     2026-11-01 2026-11-30 1 – 30 Nov 2026        false
	// This quarter   2026-10-01 2026-12-15 1 Oct – 15 Dec 2026    true
	// Last 90 days   2026-09-17 2026-12-15 17 Sep – 15 Dec 2026   false
	// This year      2026-01-01 2026-12-15 1 Jan – 15 Dec 2026    false
	// Custom         2026-10-01 2026-12-15 1 Oct – 15 Dec 2026    false
	// 1 Oct – 15 Dec 2026 · compared with 17 Jul – 30 Sep 2026
}

// Beside each figure, its change since the previous period's figures.
func ExampleNewChange() {
	now := surveys.Figures{N: 12, HasScore: true, Score: 78.2, HasInterval: true, Interval: surveys.Interval{Low: 70, High: 87}}
	before := surveys.Figures{N: 10, HasScore: true, Score: 75, HasInterval: true, Interval: surveys.Interval{Low: 66, High: 84}}
	c := api.NewChange(now, before, "en")
	fmt.Println(c.Text, c.Note)
	fmt.Println(api.NewChange(now, surveys.Figures{}, "en").Text)
	// Output:
	// +3.2 within noise
	// —
}

// A page places a chart as it is (it is template.HTML, every word in it
// escaped) and, for screen readers, the trend's table visually hidden in a
// <div class="sr"> (app.css). Charts are as wide as their container.
func ExampleCharts() {
	page := template.Must(template.New("rep").Parse(`{{.Trend}}
<div class="sr"><table><caption>{{.Table.Caption}}</caption>
{{range .Table.Rows}}<tr><th scope="row">{{.Period}}</th><td>{{.Score}} {{.Note}}</td><td>{{.Interval}}</td><td>{{.N}}</td></tr>
{{end}}</table></div>
<table>{{range .Reps}}<tr><td>{{.Name}}</td><td>{{.Bar}}</td></tr>{{end}}</table>`))
	charts := api.NewCharts("en")                     // the page's language
	var trend []surveys.TrendPoint                    // a RepDetail's Trend or WeeklyTrend
	var rep, team surveys.Figures                     // a leaderboard row's figures and its team's
	var question, teamQuestion surveys.QuestionResult // a question's results, the rep's and the team's
	_ = charts.QuestionMeter(api.Meter{Question: "Ada came prepared.", Result: question, Mean: teamQuestion})
	_ = page.Execute(os.Stdout, map[string]any{
		"Trend": charts.Trend("Ada Lovelace", trend),
		"Table": charts.TrendTable("Ada Lovelace", trend),
		"Reps": []map[string]any{{"Name": "Ada Lovelace",
			"Bar": charts.IntervalBar(api.Bar{Name: "Ada Lovelace", Figures: rep, Mean: team, MeanOf: api.TeamMean})}},
	})
}
