package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
	"trustcard/reports/reporttest"
)

// A leader's Monday, on a phone and on a desktop: he signs in and lands on
// his team's board, sorts it by name, opens a rep's page, goes back to the
// board, picks this year as the period, and downloads the team report and
// the ZIP of cards of that period. Each step's page is checked
// (screenshot, axe-core, no sideways scroll, 44 px controls); then the org
// board, as an admin, and a board without answers.
func TestBoardBrowser(t *testing.T) {
	w := mustBoardWorld(t, "sqlite", "UTC")
	today := w.window(t).To
	board := fmt.Sprintf("/app/teams/%d", w.sales.ID)
	for _, v := range browsertest.Viewports {
		token := w.mustSignInAgain(t, "leader")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			check := func(step string) { checkBoardPage(t, tab, "board-"+step+"-"+v.Name) }
			browsertest.SignIn(t, tab, w.env.URL, token)
			var path string
			browsertest.Run(t, tab, "land on the board", chromedp.WaitVisible(".board-table", chromedp.ByQuery),
				chromedp.Evaluate(`location.pathname`, &path))
			if path != board {
				t.Fatalf("signed in, the leader lands on %s, want %s", path, board)
			}
			check("team")

			var names []string
			browsertest.Run(t, tab, "sort by name",
				chromedp.Click(`//table[@class="board-table"]//thead//a[starts-with(normalize-space(.), "Name")]`),
				chromedp.WaitVisible(`th[aria-sort="ascending"]`, chromedp.ByQuery),
				chromedp.Evaluate(`[...document.querySelectorAll(".board-name a")].map(a => a.textContent)`, &names))
			if want := []string{ivoName, "Zoë Łukasiewicz"}; !slices.Equal(names, want) {
				t.Errorf("sorted by name, the board lists %q, want %q", names, want)
			}
			check("sorted")

			browsertest.Run(t, tab, "open Zoë's page",
				chromedp.Click(`//th[@class="board-name"]/a[normalize-space(.)="Zoë Łukasiewicz"]`),
				chromedp.WaitVisible(`.rep-score-value`, chromedp.ByQuery),
				chromedp.Evaluate(`location.pathname`, &path))
			if path != repPath(w.zoe, "") {
				t.Errorf("the rep's link opens %s, want %s", path, repPath(w.zoe, ""))
			}
			browsertest.Run(t, tab, "back to the board", chromedp.Click(`.rep-team a`, chromedp.ByQuery),
				chromedp.WaitVisible(".board-table", chromedp.ByQuery))

			browsertest.Run(t, tab, "pick this year", chromedp.Click(`//nav[@class="period"]//a[normalize-space(.)="This year"]`),
				chromedp.WaitVisible(`//nav[@class="period"]//a[@aria-current="true"][normalize-space(.)="This year"]`))
			check("year")
			var links []string
			browsertest.Run(t, tab, "read the downloads", chromedp.Evaluate(
				`[...document.querySelectorAll(".board-downloads a[download]")].map(a => a.getAttribute("href"))`, &links))
			period := "from=" + today.Format("2006") + "-01-01&to=" + today.Format(time.DateOnly)
			if len(links) != 3 || !strings.Contains(links[0], period) || !strings.Contains(links[1], period) {
				t.Fatalf("the downloads are %q, want the team report, the ZIP and the CSV of %s", links, period)
			}
			if text := reporttest.MustText(t, w.mustDownload(t, tab, links[0], "application/pdf")); !strings.Contains(text, "Sales") {
				t.Errorf("the team report does not name Sales:\n%s", text)
			}
			if cards := zipNames(t, w.mustDownload(t, tab, links[1], "application/zip")); len(cards) != 2 {
				t.Errorf("the ZIP holds %q, want Zoë's and Ivo's cards", cards)
			}
		})
	}
	for _, v := range browsertest.Viewports {
		admin, other := w.mustSignInAgain(t, "admin"), w.mustSignInAgain(t, "otherLeader")
		t.Run(v.Name+"-org", func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, w.env.URL, admin)
			browsertest.Run(t, tab, "land on the org board", chromedp.WaitVisible(".board-table", chromedp.ByQuery))
			checkBoardPage(t, tab, "board-org-"+v.Name)
			tab = browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, w.env.URL, other)
			browsertest.Run(t, tab, "land on an empty board", chromedp.WaitVisible(".rep-score-value", chromedp.ByQuery))
			checkBoardPage(t, tab, "board-empty-"+v.Name)
		})
	}
}

// checkBoardPage checks a board as checkRepPage checks a rep's page, with
// the table's sorting links and the downloads among the 44 px controls.
func checkBoardPage(t *testing.T, tab context.Context, name string) {
	t.Helper()
	checkRepPage(t, tab, name)
	var small []string
	browsertest.Run(t, tab, "measure the board's controls", chromedp.Evaluate(`[...document.querySelectorAll(".board-table a, .board-downloads a")]
		.filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 44)
		.map(e => e.textContent.trim())`, &small))
	for _, c := range small {
		t.Errorf("%s: the link %q is under 44 px tall", name, c)
	}
}

// zipNames are the names of the files in a ZIP.
func zipNames(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range z.File {
		out = append(out, f.Name)
	}
	return out
}
