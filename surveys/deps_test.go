package surveys_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The arrows between packages (README, "Architecture"): the domain
// compiles without a web server, a database or a PDF library; HTTP and PDFs
// never reach the database but through the domain; the front end's files
// know nothing of ours. Test helpers (apitest, storetest) are not
// production dependencies and are not checked.
func TestImportArrows(t *testing.T) {
	for _, tt := range []struct {
		pkg    string
		allows func(dep string) bool
		why    string
	}{
		{"trustcard/surveys", func(dep string) bool { return dep == "trustcard/surveys" },
			"keep third-party code and our other packages out of the domain"},
		{"trustcard/api", func(dep string) bool {
			return !strings.HasPrefix(dep, "trustcard/surveys/store") && !strings.HasPrefix(dep, "gorm.io/")
		},
			"HTTP reaches the data only through the surveys services"},
		{"trustcard/reports", func(dep string) bool {
			return !strings.HasPrefix(dep, "trustcard/") || dep == "trustcard/reports" || dep == "trustcard/surveys"
		}, "reports draw the domain's values and know nothing else of ours"},
		{"trustcard/frontend", func(dep string) bool { return !strings.HasPrefix(dep, "trustcard/") || dep == "trustcard/frontend" },
			"the front end is files only"},
	} {
		t.Run(tt.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", tt.pkg).Output()
			if err != nil {
				t.Fatalf("go list: %v", err)
			}
			for _, dep := range strings.Fields(string(out)) {
				if !tt.allows(dep) {
					t.Errorf("%s depends on %s: %s", tt.pkg, dep, tt.why)
				}
			}
		})
	}
}
