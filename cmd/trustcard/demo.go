package main

import "context"

// seedDemo creates the demo org's data once.
func seedDemo(ctx context.Context, m *Main) error { return nil }
