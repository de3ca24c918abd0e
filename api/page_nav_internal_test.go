package api

import (
	"strconv"
	"testing"
)

// A page of a list says where it stands, counted or not, and links the
// pages beside it only where they hold something.
func TestPageNav(t *testing.T) {
	link := func(page int) string { return "?page=" + strconv.Itoa(page) }
	for _, c := range []struct {
		name               string
		page, shown, total int
		more               bool
		want               pageNav
	}{
		{"CountedFirst", 1, 10, 25, false, pageNav{"Answers 1–10 of 25, newest first", "Page 1 of 3", "", "?page=2"}},
		{"CountedLast", 3, 5, 25, false, pageNav{"Answers 21–25 of 25, newest first", "Page 3 of 3", "?page=2", ""}},
		{"UncountedWithMore", 2, 10, -1, true, pageNav{"Answers 11–20, newest first", "Page 2", "?page=1", "?page=3"}},
		{"UncountedLast", 2, 4, -1, false, pageNav{"Answers 11–14, newest first", "Page 2", "?page=1", ""}},
		{"Empty", 4, 0, -1, false, pageNav{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := newPageNav("Answers", c.page, 10, c.shown, c.total, c.more, link); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}
