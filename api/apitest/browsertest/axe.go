package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// AxeEnv names axe.min.js when it is not at the module's
// .ci/node_modules/axe-core/axe.min.js, where .ci/run installs it.
const AxeEnv = "TRUSTCARD_AXE_JS"

// axeTags are the rules CheckAccessibility runs: WCAG 2.0 and 2.1, levels
// A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource is axe.min.js, read once per test binary.
var axeSource struct {
	once sync.Once
	js   string
	err  error
}

// axeResult is the part of axe.run's answer the check reads.
type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"` // minor, moderate, serious or critical
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"` // a CSS selector of the element
	HTML    string `json:"html"`
	Summary string `json:"summary"` // what to fix
}

// axeRunJS runs axe on the page and keeps what axeResult reads; %s is the
// list of tags.
const axeRunJS = `axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(r => ({
	passes: r.passes.length,
	violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target.flat(Infinity).join(" "), html: n.html.slice(0, 200),
			summary: n.failureSummary || ""}))}))
}))`

// CheckAccessibility runs axe-core's WCAG 2.0 and 2.1 A and AA rules on the
// tab's page. Every violation of impact serious or critical fails the test,
// listed with the rule, its help and the failing elements; lesser ones are
// logged. axe is injected through the DevTools protocol, which the page's
// Content-Security-Policy does not govern.
func CheckAccessibility(t testing.TB, tab context.Context) {
	t.Helper()
	js := mustAxe(t)
	var loaded bool
	Run(t, tab, "look for axe", chromedp.Evaluate(`typeof window.axe === "object"`, &loaded))
	if !loaded {
		// The script's last value is not needed; 0 keeps it serialisable.
		Run(t, tab, "inject axe", chromedp.Evaluate(js+"\n;0", nil))
	}
	var res axeResult
	tags := `["` + strings.Join(axeTags, `", "`) + `"]`
	Run(t, tab, "run axe", chromedp.Evaluate(fmt.Sprintf(axeRunJS, tags), &res,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if res.Passes == 0 {
		t.Fatalf("axe passed no rule on %s: it did not run", location(t, tab))
	}
	var failing, lesser []axeViolation
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			failing = append(failing, v)
		} else {
			lesser = append(lesser, v)
		}
	}
	if len(lesser) > 0 {
		t.Logf("axe: %d minor or moderate violations on %s:\n%s", len(lesser), location(t, tab), describe(lesser))
	}
	if len(failing) > 0 {
		t.Errorf("axe: %d serious or critical violations on %s:\n%s", len(failing), location(t, tab), describe(failing))
	}
}

// describe lists violations for a reader: the rule, its impact and help,
// then each failing element and what to fix.
func describe(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "  %s (%s): %s — %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    %s  %s\n", n.Target, n.HTML)
			for line := range strings.Lines(n.Summary) {
				fmt.Fprintf(&b, "      %s\n", strings.TrimSpace(line))
			}
		}
	}
	return b.String()
}

// mustAxe returns axe.min.js; without it the test is skipped, or fails
// under CI.
func mustAxe(t testing.TB) string {
	t.Helper()
	axeSource.once.Do(func() {
		path, err := axePath()
		if err == nil {
			var b []byte
			b, err = os.ReadFile(path)
			axeSource.js = string(b)
		}
		if err != nil {
			axeSource.err = fmt.Errorf("axe-core for the accessibility checks (npm ci --prefix .ci, or set %s): %w", AxeEnv, err)
		}
	})
	if axeSource.err != nil {
		missing(t, axeSource.err)
	}
	return axeSource.js
}

// axePath is $TRUSTCARD_AXE_JS, else where npm ci --prefix .ci installs it.
func axePath() (string, error) {
	if p := os.Getenv(AxeEnv); p != "" {
		return p, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, ".ci", "node_modules", "axe-core", "axe.min.js"), nil
}

// moduleRoot is the nearest directory holding go.mod, from the test's
// working directory (its package's directory) up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above it")
		}
		dir = parent
	}
}
