package surveys_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The domain compiles without a web server, a database or a PDF library:
// only the standard library may appear among its dependencies.
func TestDomainImportsOnlyTheStandardLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep != "trustcard/surveys" {
			t.Errorf("surveys depends on %s; keep third-party code out of the domain", dep)
		}
	}
}
