package api

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"trustcard/surveys"
)

// repFeed is one page of what buyers said in the period, newest first,
// with the filters that chose it.
type repFeed struct {
	Filters   bool   // the period has answers to filter
	Action    string // the page's path: the filter form submits here
	From, To  string // the period, which the form keeps
	Questions []feedOption
	Ratings   []feedOption
	Comments  bool
	pageNav          // "Answers 21–40 of 45, newest first", and the pages beside
	Note      string // "No buyer wrote a comment …" above answers without one
	Items     []feedItem
	Empty     string // why nothing is listed
	ClearURL  string // the period's answers unfiltered, when filters or the page hide some
	ClearText string
}

// feedOption is one choice of a filter.
type feedOption struct {
	Value, Label string
	Selected     bool
}

// feedItem is one buyer's answers.
type feedItem struct {
	Date     string // "12 Mar 2026", in the org's time zone
	DateTime string // "2026-03-12", for <time>
	Ratings  []feedRating
	Comment  string
	Buyer    string // "Jane Doe, Acme"; "Anonymous buyer" when the viewer may not see who
	Unshared string // for leaders and admins: the rep does not see the name
	Alert    *feedAlert
}

// feedRating is one answer: "Came prepared", "4 of 5".
type feedRating struct{ Label, Value string }

// newRepFeed builds the feed of in's page of answers.
func newRepFeed(in repInput, tx appTexts) repFeed {
	q, card := in.Query, in.Page.RepCard
	f := repFeed{Action: in.Path, From: dayText(q.Window.From), To: dayText(q.Window.To), Comments: q.Comments,
		Questions: questionOptions(card, q.Question), Ratings: ratingOptions(q.Band), Filters: card.Detail.Figures.Responses > 0}
	loc := orgLocation(in.Org)
	for _, r := range in.Feed {
		it := newFeedItem(r, card, in.Actor, loc, tx)
		it.Alert = newFeedAlert(in.Alerts[r.ID])
		f.Items = append(f.Items, it)
	}
	f.pageNav = newPageNav("Answers", q.Page, feedPageSize, len(f.Items), in.Total, false,
		func(page int) string { return in.link(withPage(q, page)) + "#answers" })
	filtered := q.Question != "" || q.Band != "" || q.Comments
	switch {
	case len(f.Items) > 0:
	case card.Detail.Figures.Responses == 0:
		f.Empty = emptyPeriod(in.Org.Settings.Delivery.DelayMinutes)
	case q.Page > 1:
		f.Empty, f.ClearText = "There are no answers on this page.", "Back to the first page"
	case q.Comments && q.Question == "" && q.Band == "":
		f.Empty, f.ClearText = "No buyer wrote a comment in this period.", "Show every answer"
	default:
		f.Empty, f.ClearText = "No answers in this period match these filters.", "Show every answer"
	}
	if f.ClearText != "" {
		f.ClearURL = in.link(repQuery{Window: q.Window, Page: 1}) + "#answers"
	}
	if len(card.Comments) == 0 && len(f.Items) > 0 && !filtered {
		f.Note = "No buyer wrote a comment in this period; their ratings are below."
	}
	return f
}

// pageNav is where one page of a list stands: a summary, and the links to
// the newer and older pages beside it.
type pageNav struct {
	Summary  string // "Answers 21–40 of 45, newest first"; empty when the page is empty
	PageText string // "Page 2 of 3"
	Prev     string // the newer page's address; empty on the first
	Next     string // the older page's address; empty on the last
}

// newPageNav places page (from 1) of a list, size a page, of which shown
// are on it; link gives a page's address. The list holds total things, or
// when total is -1 an unknown number, and more says whether older pages
// follow.
func newPageNav(noun string, page, size, shown, total int, more bool, link func(page int) string) pageNav {
	if shown == 0 {
		return pageNav{}
	}
	first := (page-1)*size + 1
	n := pageNav{Summary: noun + " " + strconv.Itoa(first) + "–" + strconv.Itoa(first+shown-1), PageText: "Page " + strconv.Itoa(page)}
	if total >= 0 {
		pages := max(1, (total+size-1)/size)
		n.Summary += " of " + strconv.Itoa(total)
		n.PageText += " of " + strconv.Itoa(pages)
		more = page < pages
	}
	n.Summary += ", newest first"
	if page > 1 {
		n.Prev = link(page - 1)
	}
	if more {
		n.Next = link(page + 1)
	}
	return n
}

func withPage(q repQuery, page int) repQuery {
	q.Page = page
	return q
}

// questionOptions are the feed's question filter: any, then each question
// with a rating.
func questionOptions(c *surveys.RepCard, chosen string) []feedOption {
	out := []feedOption{{Value: "", Label: "Any question", Selected: chosen == ""}}
	for _, q := range ratedQuestions(c) {
		out = append(out, feedOption{Value: q.Key, Label: questionLabel(q, c.Detail.Rep), Selected: q.Key == chosen})
	}
	return out
}

// ratedQuestions are the card's rating questions and the recommendation.
func ratedQuestions(c *surveys.RepCard) []surveys.Question {
	return append(slices.Clone(c.Questions), surveys.Question{Key: surveys.QRecommend, Kind: surveys.KindScale})
}

// ratingOptions are the feed's rating filter.
func ratingOptions(chosen surveys.Band) []feedOption {
	return []feedOption{
		{Value: "", Label: "Any rating", Selected: chosen == ""},
		{Value: string(surveys.BandLow), Label: "Low", Selected: chosen == surveys.BandLow},
		{Value: string(surveys.BandHigh), Label: "High", Selected: chosen == surveys.BandHigh},
	}
}

// newFeedItem formats response r for the feed, as viewer sees it, its
// date in the org's time zone loc.
func newFeedItem(r *surveys.ResponseView, c *surveys.RepCard, viewer *surveys.Actor, loc *time.Location, tx appTexts) feedItem {
	at := r.SubmittedAt.In(loc)
	it := feedItem{Date: tx.date(at, true, true), DateTime: dayText(at), Comment: r.Comment, Buyer: buyerOf(r)}
	if it.Buyer != anonymousBuyer && !r.ShareName && viewer.Role != surveys.RoleRep {
		it.Unshared = "not shown to the rep"
	}
	answered := maps.Clone(r.Answers)
	for _, q := range ratedQuestions(c) {
		if v, ok := answered[q.Key]; ok {
			_, hi := q.Range()
			answer := strconv.Itoa(v) + " of " + strconv.Itoa(hi)
			if v == 0 && q.NotApplicable {
				answer = "didn't come up"
			}
			it.Ratings = append(it.Ratings, feedRating{questionLabel(q, c.Detail.Rep), answer})
			delete(answered, q.Key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(answered)) { // questions the survey has since dropped
		it.Ratings = append(it.Ratings, feedRating{key, strconv.Itoa(answered[key])})
	}
	return it
}

// anonymousBuyer stands for a buyer the viewer may not see.
const anonymousBuyer = "Anonymous buyer"

// buyerOf is who answered r, "Jane Doe, Acme", as far as the viewer may
// see: the domain blanks the name and company where they may not.
func buyerOf(r *surveys.ResponseView) string {
	if who := slices.DeleteFunc([]string{r.BuyerName, r.BuyerCompany}, isBlank); len(who) > 0 {
		return strings.Join(who, ", ")
	}
	return anonymousBuyer
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
