package store

import (
	"context"

	"trustcard/surveys"
)

// CreateInteraction stores an interaction.
func (db *DB) CreateInteraction(ctx context.Context, i *surveys.Interaction) error {
	row := interactionRow{OrgID: i.OrgID, ExternalID: i.ExternalID, RepID: i.RepID, TeamID: nullID(i.TeamID),
		BuyerID: i.BuyerID, Kind: i.Kind, OccurredAt: i.OccurredAt.UTC(), BodyHash: i.BodyHash, CreatedAt: i.CreatedAt.UTC(),
		Outcome: i.Outcome, OutcomeAt: nullTime(i.OutcomeAt)}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return conflictOn(translate("create interaction", err), "external_id", "interaction %q exists", i.ExternalID)
	}
	i.ID = row.ID
	return nil
}

// FindInteractionByExternalID returns an interaction.
func (db *DB) FindInteractionByExternalID(ctx context.Context, orgID int64, externalID string) (*surveys.Interaction, error) {
	var row interactionRow
	if err := db.q(ctx).Where("org_id = ? AND external_id = ?", orgID, externalID).Take(&row).Error; err != nil {
		return nil, translate("find interaction", err)
	}
	return row.toInteraction(), nil
}

// FindInteraction returns an interaction by id.
func (db *DB) FindInteraction(ctx context.Context, orgID, id int64) (*surveys.Interaction, error) {
	var row interactionRow
	if err := db.q(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error; err != nil {
		return nil, translate("find interaction", err)
	}
	return row.toInteraction(), nil
}

// UpdateInteractionOutcome writes an interaction's outcome and its time.
func (db *DB) UpdateInteractionOutcome(ctx context.Context, i *surveys.Interaction) error {
	err := db.q(ctx).Model(&interactionRow{}).Where("org_id = ? AND id = ?", i.OrgID, i.ID).
		Updates(map[string]any{"outcome": i.Outcome, "outcome_at": nullTime(i.OutcomeAt)}).Error
	return translate("update interaction outcome", err)
}
