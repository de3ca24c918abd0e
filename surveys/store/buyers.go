package store

import (
	"context"
	"database/sql"
	"time"

	"trustcard/surveys"
)

// UpsertBuyer stores the buyer by (org, email hash), updating the contact
// fields that were given.
func (db *DB) UpsertBuyer(ctx context.Context, b *surveys.Buyer) error {
	var row buyerRow
	err := db.q(ctx).Where("org_id = ? AND email_hash = ?", b.OrgID, b.EmailHash).Take(&row).Error
	if err = translate("find buyer", err); surveys.ErrorCode(err) == surveys.ENOTFOUND {
		row = buyerRow{OrgID: b.OrgID, Email: sql.NullString{String: b.Email, Valid: true}, EmailHash: b.EmailHash,
			Name: b.Name, Company: b.Company, Locale: b.Locale, TimeZone: b.TimeZone, Status: string(surveys.BuyerActive),
			CreatedAt: b.CreatedAt.UTC()}
		if err := db.q(ctx).Create(&row).Error; err != nil {
			return translate("create buyer", err)
		}
		*b = *row.toBuyer()
		return nil
	} else if err != nil {
		return err
	}
	changes := map[string]any{}
	for col, v := range map[string]string{"name": b.Name, "company": b.Company, "locale": b.Locale, "time_zone": b.TimeZone} {
		if v != "" {
			changes[col] = v
		}
	}
	if len(changes) > 0 && !row.ErasedAt.Valid {
		if err := db.q(ctx).Model(&row).Updates(changes).Error; err != nil {
			return translate("update buyer", err)
		}
	}
	*b = *row.toBuyer()
	return nil
}

// UpdateBuyerInvited records when a buyer was last invited.
func (db *DB) UpdateBuyerInvited(ctx context.Context, id int64, at time.Time) error {
	err := db.q(ctx).Model(&buyerRow{}).Where("id = ?", id).Update("last_invited_at", at.UTC()).Error
	return translate("update buyer invited", err)
}

// FindBuyerByID returns a buyer.
func (db *DB) FindBuyerByID(ctx context.Context, orgID, id int64) (*surveys.Buyer, error) {
	var row buyerRow
	if err := db.q(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error; err != nil {
		return nil, translate("find buyer", err)
	}
	return row.toBuyer(), nil
}

// FindBuyersByID returns the buyers of ids, of any org, in no particular
// order; unknown ids are left out.
func (db *DB) FindBuyersByID(ctx context.Context, ids []int64) ([]*surveys.Buyer, error) {
	var rows []buyerRow
	if err := db.q(ctx).Where("id IN ?", emptyGuard(ids)).Find(&rows).Error; err != nil {
		return nil, translate("find buyers", err)
	}
	out := make([]*surveys.Buyer, len(rows))
	for i := range rows {
		out[i] = rows[i].toBuyer()
	}
	return out, nil
}

// SetBuyerStatus records a buyer's mailing status.
func (db *DB) SetBuyerStatus(ctx context.Context, orgID, id int64, st surveys.BuyerStatus, at time.Time) error {
	err := db.q(ctx).Model(&buyerRow{}).Where("org_id = ? AND id = ?", orgID, id).
		Updates(map[string]any{"status": string(st), "status_at": at.UTC()}).Error
	return translate("set buyer status", err)
}

// EraseBuyer clears a buyer's personal data and unlinks their responses.
func (db *DB) EraseBuyer(ctx context.Context, orgID int64, emailHash string, at time.Time) (int64, error) {
	var row buyerRow
	err := db.q(ctx).Where("org_id = ? AND email_hash = ? AND erased_at IS NULL", orgID, emailHash).Take(&row).Error
	if err != nil {
		return 0, translate("find buyer", err)
	}
	return row.ID, db.erase(ctx, &row, at)
}

// EraseBuyersAnsweredBefore erases every buyer who answered before cutoff.
func (db *DB) EraseBuyersAnsweredBefore(ctx context.Context, orgID int64, cutoff, now time.Time) (int, error) {
	var rows []buyerRow
	err := db.q(ctx).Where("org_id = ? AND erased_at IS NULL AND id IN (?)", orgID,
		db.q(ctx).Model(&responseRow{}).Select("buyer_id").Where("org_id = ? AND submitted_at < ?", orgID, cutoff.UTC())).
		Find(&rows).Error
	if err != nil {
		return 0, translate("find buyers to erase", err)
	}
	for i := range rows {
		if err := db.erase(ctx, &rows[i], now); err != nil {
			return i, err
		}
	}
	return len(rows), nil
}

// erase clears one buyer's personal data, keeping the email hash, and
// unlinks their responses.
func (db *DB) erase(ctx context.Context, row *buyerRow, at time.Time) error {
	err := db.q(ctx).Model(row).Updates(map[string]any{"email": nil, "name": "", "company": "", "time_zone": "",
		"erased_at": at.UTC()}).Error
	if err != nil {
		return translate("erase buyer", err)
	}
	err = db.q(ctx).Model(&responseRow{}).Where("org_id = ? AND buyer_id = ?", row.OrgID, row.ID).Update("buyer_id", nil).Error
	return translate("unlink responses", err)
}
