package store

import (
	"context"

	"trustcard/surveys"
)

// SetOrgBaseURL records the public URL the server runs at for an org.
func (db *DB) SetOrgBaseURL(ctx context.Context, orgID int64, url string) error {
	res := db.q(ctx).Table("orgs").Where("id = ?", orgID).Update("base_url", url)
	if res.Error != nil {
		return translate("set base url", res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "", "no org %d", orgID)
	}
	return nil
}

// OrgBaseURL returns the public URL last recorded for an org, or "".
func (db *DB) OrgBaseURL(ctx context.Context, orgID int64) (string, error) {
	var urls []string
	if err := db.q(ctx).Table("orgs").Where("id = ?", orgID).Pluck("base_url", &urls).Error; err != nil {
		return "", translate("read base url", err)
	}
	if len(urls) == 0 {
		return "", surveys.Errorf(surveys.ENOTFOUND, "", "no org %d", orgID)
	}
	return urls[0], nil
}
