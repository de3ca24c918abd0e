package mail

import (
	"strings"
	"sync"
)

// Marks stand in for the values that differ between the emails of one
// language and wording: plain ASCII letters, which no escaper changes.
var marks = [...]string{repMark, nameMark, tokenMark}

const (
	repMark   = "TRUSTCARDxREPx7Q"
	nameMark  = "TRUSTCARDxNAMEx7Q"
	tokenMark = "TRUSTCARDxTOKENx7Q"
)

// values are what the marks stand for, in the order of marks.
type values [len(marks)]string

// filled is a text split at its marks: literal text, then the index of a
// mark (or -1 at the end), in turn.
type filled []piece

type piece struct {
	text string
	mark int
}

// split finds the marks in s.
func split(s string) filled {
	var out filled
	for {
		at, which := -1, -1
		for i, m := range marks {
			if j := strings.Index(s, m); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if at < 0 {
			return append(out, piece{text: s, mark: -1})
		}
		out = append(out, piece{text: s[:at], mark: which})
		s = s[at+len(marks[which]):]
	}
}

// with puts v in place of the marks; values are not searched for marks.
func (f filled) with(v values) string {
	n := 0
	for _, p := range f {
		n += len(p.text)
		if p.mark >= 0 {
			n += len(v[p.mark])
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range f {
		b.WriteString(p.text)
		if p.mark >= 0 {
			b.WriteString(v[p.mark])
		}
	}
	return b.String()
}

// skeleton is an email rendered with marks.
type skeleton struct {
	subject, html, text filled
}

// skeletonCache keeps rendered skeletons; it starts over when full, which
// only costs renders.
type skeletonCache struct {
	mu sync.RWMutex
	m  map[string]*skeleton
}

const maxSkeletons = 4096

var skeletons = &skeletonCache{m: map[string]*skeleton{}}

// get returns the skeleton stored under key, or renders view() and stores it.
func (c *skeletonCache) get(key string, view func() invitationData) (*skeleton, error) {
	c.mu.RLock()
	sk := c.m[key]
	c.mu.RUnlock()
	if sk != nil {
		return sk, nil
	}
	d := view()
	html, text, err := emails["invitation"].render(d)
	if err != nil {
		return nil, err
	}
	sk = &skeleton{subject: split(d.Subject), html: split(html), text: split(text)}
	c.mu.Lock()
	if len(c.m) >= maxSkeletons {
		c.m = map[string]*skeleton{}
	}
	c.m[key] = sk
	c.mu.Unlock()
	return sk, nil
}
