package main

import (
	"context"
	"fmt"
)

// The base URL rule, the same for every command: --base-url or
// TRUSTCARD_BASE_URL when given; else the URL `trustcard serve` recorded
// in the database when it was last started with one; else a guess from
// --addr, said on stderr. serve records the URL it was given, so the
// command-line tools, which seldom share the server's environment, print
// links that work.

// useBaseURL settles m.Config.BaseURL by the rule once the database is
// open; serve records a URL it was given.
func (m *Main) useBaseURL(ctx context.Context, serve bool) error {
	ctx = m.AsAdmin(ctx)
	if m.Config.BaseURLGiven {
		if !serve {
			return nil
		}
		return m.Services.Directory.RecordBaseURL(ctx, m.Config.BaseURL)
	}
	stored, err := m.Services.Directory.BaseURL(ctx)
	if err != nil {
		return err
	}
	if stored != "" {
		m.Config.BaseURL = stored
		return nil
	}
	fmt.Fprintf(m.Notes, "trustcard: no base URL is known, so links start with %s, a guess from --addr. "+
		"Give --base-url or TRUSTCARD_BASE_URL, or start `trustcard serve` once with it: serve records it for every command.\n",
		m.Config.BaseURL)
	return nil
}
