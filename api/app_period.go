package api

import "net/url"

// periodView is the period picker as a page shows it (the "period"
// partial of _app.html): a link per preset and a form for a custom range,
// both to the page's own path with ?from=&to=. Pages keep nothing else of
// their address when the period changes.
type periodView struct {
	PeriodPicker
	Action     string // the page's path, where the links and the form go
	Links      []periodLink
	CustomOpen bool // the custom range is the chosen period: its form shows open
}

// periodLink is one preset of the picker.
type periodLink struct {
	Label, Range, URL string
	Selected          bool
}

// newPeriodView links picker p's presets to the page at path.
func newPeriodView(p PeriodPicker, path string) periodView {
	v := periodView{PeriodPicker: p, Action: path}
	for _, o := range p.Options {
		if o.Key == PeriodCustom {
			v.CustomOpen = o.Selected
			continue
		}
		q := url.Values{"from": {o.From}, "to": {o.To}}
		v.Links = append(v.Links, periodLink{Label: o.Label, Range: o.Range, URL: path + "?" + q.Encode(), Selected: o.Selected})
	}
	return v
}
