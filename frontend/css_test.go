package frontend

import (
	"io/fs"
	"strings"
	"testing"
)

// Every block of the style sheets is closed: a brace lost in a merge folds
// every rule after it into the media query before it, so that a page
// looks right at one width and bare at another.
func TestStyleSheetsBalanced(t *testing.T) {
	err := fs.WalkDir(Static, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".css") {
			return err
		}
		b, err := fs.ReadFile(Static, path)
		if err != nil {
			return err
		}
		depth := 0
		for i, line := range strings.Split(string(b), "\n") {
			depth += strings.Count(line, "{") - strings.Count(line, "}")
			if depth < 0 {
				t.Errorf("%s:%d closes a block that is not open", path, i+1)
				depth = 0
			}
		}
		if depth != 0 {
			t.Errorf("%s leaves %d blocks open", path, depth)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
