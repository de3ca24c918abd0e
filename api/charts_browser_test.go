package api_test

import (
	"context"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/frontend"
	"trustcard/surveys"
)

// chartPage is a page of the web app's kind holding every chart, each trend
// with its table for screen readers, styled by the app's stylesheet.
var chartPage = template.Must(template.New("charts").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Charts</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/app.css"></head>
<body><main class="page">
<h1>Ada Lovelace</h1>
{{define "trend"}}{{.Chart}}
<div class="sr"><table><caption>{{.Table.Caption}}</caption>
<thead><tr>{{range .Table.Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Table.Rows}}<tr><th scope="row">{{.Period}}</th><td>{{.Score}} {{.Note}}</td><td>{{.Interval}}</td><td>{{.N}}</td></tr>{{end}}</tbody>
</table></div>{{end}}
<h2>Trust score by month</h2>
{{template "trend" .Months}}
<section lang="de"><h2>Team Nord, nach Woche</h2>
{{template "trend" .Weeks}}</section>
<section lang="fr"><h2>Score de confiance par mois</h2>
{{template "trend" .MonthsFR}}</section>
<h2>Team Nord</h2>
<table><thead><tr><th>Rep</th><th>Score</th><th>90% interval, team mean</th><th>n</th></tr></thead>
<tbody>{{range .Rows}}<tr><td>{{.Name}}</td><td>{{.Score}}</td><td>{{.Bar}}</td><td>{{.N}}</td></tr>{{end}}</tbody></table>
<h2>Question by question</h2>
{{range .Meters}}<p class="small">{{.Question}}</p>{{.Chart}}{{end}}
</main></body></html>`))

type chartTrend struct {
	Chart template.HTML
	Table api.TrendTable
}

type chartRow struct {
	Name, Score, N string
	Bar            template.HTML
}

type chartMeter struct {
	Question string
	Chart    template.HTML
}

// chartPageData draws the charts of the page.
func chartPageData() any {
	en, de, fr := api.NewCharts("en"), api.NewCharts("de"), api.NewCharts("fr")
	months, team := chartMonths(), scored(140, 74, 71, 77)
	var rows []chartRow
	for _, r := range []struct {
		name string
		f    surveys.Figures
	}{{"Ada Lovelace", months[11].Figures}, {"Grace Hopper", months[5].Figures}, {"Katherine Johnson", months[2].Figures}, {"Alan Turing", surveys.Figures{}}} {
		score := "—"
		if r.f.HasScore {
			score = strconv.FormatFloat(r.f.Score, 'f', 0, 64)
		}
		rows = append(rows, chartRow{Name: r.name, Score: score, N: strconv.FormatInt(r.f.N, 10),
			Bar: en.IntervalBar(api.Bar{Name: r.name, Figures: r.f, Mean: team})})
	}
	var meters []chartMeter
	for i, q := range []string{"Ada understood what I actually needed.", "Ada asked about my situation before proposing anything.", "Ada came prepared and knew my business."} {
		res := surveys.QuestionResult{N: int64(12 - 6*i), Mean: 4.25 - float64(i)*0.8}
		meters = append(meters, chartMeter{Question: q, Chart: en.QuestionMeter(api.Meter{Question: q, Result: res, Mean: surveys.QuestionResult{N: 140, Mean: 3.9}})})
	}
	return map[string]any{
		"Months":   chartTrend{en.Trend("Ada Lovelace", months), en.TrendTable("Ada Lovelace", months)},
		"Weeks":    chartTrend{de.Trend("Team Nord", chartWeeks()), de.TrendTable("Team Nord", chartWeeks())},
		"MonthsFR": chartTrend{fr.Trend("", months), fr.TrendTable("", months)},
		"Rows":     rows, "Meters": meters,
	}
}

// problemsJS lists what makes a chart hard to read: text outside its
// chart, text under 11 px, text the page's stylesheet made bold, and texts
// of one chart closer than 2 px.
const problemsJS = `(() => {
	const out = [];
	for (const svg of document.querySelectorAll('svg.chart')) {
		const box = svg.getBoundingClientRect();
		const texts = [...svg.querySelectorAll('text')].map(e => [e.textContent, e.getBoundingClientRect()]);
		for (const [s, r] of texts) {
			if (r.left < box.left - 1 || r.right > box.right + 1) out.push('outside its chart: ' + s);
			if (r.height < 11) out.push('smaller than 11 px: ' + s);
		}
		for (const e of svg.querySelectorAll('text')) {
			if (getComputedStyle(e).fontWeight !== '400') out.push('weight ' + getComputedStyle(e).fontWeight + ' from the page: ' + e.textContent);
		}
		texts.forEach(([s, a], i) => texts.slice(i + 1).forEach(([t, b]) => {
			if (a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom && b.top < a.bottom) out.push('closer than 2 px: ' + s + ' / ' + t);
		}));
	}
	return out;
})()`

// The charts read well on a phone and on a desktop, under the app's
// Content-Security-Policy: no text leaves its chart, is under 11 px, is
// made bold by the page's stylesheet or comes within 2 px of another; the
// browser logs no error; axe-core finds no serious violation and the page
// does not scroll sideways. Screenshots (charts-phone.png,
// charts-desktop.png) go to the test's artifact directory (go test
// -artifacts -outputdir DIR).
func TestChartsBrowser(t *testing.T) {
	srv := httptest.NewServer(chartPageHandler(t, appCSP(t)))
	defer srv.Close()
	for _, v := range browsertest.Viewports {
		tab := browsertest.NewTab(t, v.Width, v.Height)
		logged := watchLog(t, tab)
		var problems []string
		browsertest.Run(t, tab, v.Name, chromedp.Navigate(srv.URL), chromedp.WaitVisible("svg.chart-trend"),
			chromedp.Evaluate(problemsJS, &problems))
		for _, p := range problems {
			t.Errorf("%s: %s", v.Name, p)
		}
		browsertest.CheckPage(t, tab, "charts-"+v.Name)
		for _, l := range logged() {
			t.Errorf("%s: browser log: %s", v.Name, l)
		}
	}
}

// watchLog records what the tab's page logs and throws from now on; the
// function it returns reads the record.
func watchLog(t *testing.T, tab context.Context) func() []string {
	var mu sync.Mutex
	var logged []string
	chromedp.ListenTarget(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			logged = append(logged, string(e.Entry.Level)+": "+e.Entry.Text)
		case *runtime.EventExceptionThrown:
			logged = append(logged, "exception: "+e.ExceptionDetails.Text)
		}
	})
	browsertest.Run(t, tab, "enable the log", cdplog.Enable())
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(logged)
	}
}

// appCSP is the Content-Security-Policy the app sends with its pages.
func appCSP(t *testing.T) string {
	env := apitest.MustStart(t, "sqlite")
	res := env.Do(t, http.MethodGet, "/", "", "")
	csp := res.Header.Get("Content-Security-Policy")
	if csp == "" {
		t.Fatal("the app sends no Content-Security-Policy")
	}
	return csp
}

// chartPageHandler serves the chart page and the app's stylesheet under csp.
func chartPageHandler(t *testing.T, csp string) http.Handler {
	mux := http.NewServeMux()
	static, err := fs.Sub(frontend.Static, "css")
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("GET /app.css", http.FileServerFS(static))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := chartPage.Execute(w, chartPageData()); err != nil {
			t.Errorf("chart page: %v", err)
		}
	})
	return mux
}
