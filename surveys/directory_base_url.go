package surveys

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// BaseURLStore keeps the public URL an org's server runs at.
type BaseURLStore interface {
	// SetOrgBaseURL records the URL. ENOTFOUND.
	SetOrgBaseURL(ctx context.Context, orgID int64, url string) error
	// OrgBaseURL returns the URL last recorded, or "". ENOTFOUND.
	OrgBaseURL(ctx context.Context, orgID int64) (string, error)
}

// RecordBaseURL keeps u, the public URL the server was started with, so
// that the command-line tools, which do not share the server's
// environment, print links to the same place. Needs ScopeManage. EINVALID.
func (d *Directory) RecordBaseURL(ctx context.Context, u string) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	u = strings.TrimRight(strings.TrimSpace(u), "/")
	if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return Errorf(EINVALID, "base_url", "%q must be an http or https URL such as https://trust.example.com", u)
	}
	if err := d.store.SetOrgBaseURL(ctx, a.OrgID, u); err != nil {
		return fmt.Errorf("record base url: %w", err)
	}
	return nil
}

// BaseURL returns the public URL the org's server was last started with,
// or "" when none was recorded. Needs ScopeManage.
func (d *Directory) BaseURL(ctx context.Context) (string, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return "", err
	}
	return d.store.OrgBaseURL(ctx, a.OrgID)
}
