package store

import (
	"context"
	"time"

	"trustcard/surveys"
)

// upsertBuyerSQL stores a buyer in one statement: a new one is inserted,
// a known one gets the contact fields that were given, unless erased.
const upsertBuyerSQL = `INSERT INTO buyers (org_id, email, email_hash, name, company, locale, time_zone, status, created_at)
VALUES (@org, @email, @hash, @name, @company, @locale, @tz, @status, @at)
ON CONFLICT (org_id, email_hash) DO UPDATE SET
  name = CASE WHEN buyers.erased_at IS NULL AND excluded.name <> '' THEN excluded.name ELSE buyers.name END,
  company = CASE WHEN buyers.erased_at IS NULL AND excluded.company <> '' THEN excluded.company ELSE buyers.company END,
  locale = CASE WHEN buyers.erased_at IS NULL AND excluded.locale <> '' THEN excluded.locale ELSE buyers.locale END,
  time_zone = CASE WHEN buyers.erased_at IS NULL AND excluded.time_zone <> '' THEN excluded.time_zone ELSE buyers.time_zone END
RETURNING *`

// UpsertBuyer stores the buyer by (org, email hash), updating the contact
// fields that were given, in one statement.
func (db *DB) UpsertBuyer(ctx context.Context, b *surveys.Buyer) error {
	var row buyerRow
	err := db.q(ctx).Raw(upsertBuyerSQL, map[string]any{"org": b.OrgID, "email": b.Email, "hash": b.EmailHash, "name": b.Name,
		"company": b.Company, "locale": b.Locale, "tz": b.TimeZone, "status": string(surveys.BuyerActive), "at": b.CreatedAt.UTC()}).
		Scan(&row).Error
	if err != nil {
		return translate("upsert buyer", err)
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
	err = db.q(ctx).Model(&responseRow{}).Where("org_id = ? AND buyer_id = ?", row.OrgID, row.ID).
		Updates(map[string]any{"buyer_id": nil, "client_hash": ""}).Error
	return translate("unlink responses", err)
}
