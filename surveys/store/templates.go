package store

import (
	"context"
	"encoding/json"

	"trustcard/surveys"
)

// CreateTemplateVersion stores a survey version.
func (db *DB) CreateTemplateVersion(ctx context.Context, v *surveys.TemplateVersion) error {
	qs, err := json.Marshal(v.Questions)
	if err != nil {
		return err
	}
	row := templateVersionRow{OrgID: v.OrgID, Version: v.Version, Name: v.Name, Questions: string(qs), CreatedAt: v.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("create template version", err)
	}
	v.ID = row.ID
	return nil
}

// CurrentTemplateVersion returns the org's newest survey version.
func (db *DB) CurrentTemplateVersion(ctx context.Context, orgID int64) (*surveys.TemplateVersion, error) {
	var row templateVersionRow
	if err := db.q(ctx).Where("org_id = ?", orgID).Order("version DESC").Take(&row).Error; err != nil {
		return nil, translate("current template version", err)
	}
	return row.toVersion()
}

// FindTemplateVersion returns one version.
func (db *DB) FindTemplateVersion(ctx context.Context, id int64) (*surveys.TemplateVersion, error) {
	var row templateVersionRow
	if err := db.q(ctx).Take(&row, id).Error; err != nil {
		return nil, translate("find template version", err)
	}
	return row.toVersion()
}

func (r *templateVersionRow) toVersion() (*surveys.TemplateVersion, error) {
	v := &surveys.TemplateVersion{ID: r.ID, OrgID: r.OrgID, Version: r.Version, Name: r.Name, CreatedAt: r.CreatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Questions), &v.Questions); err != nil {
		return nil, err
	}
	return v, nil
}
