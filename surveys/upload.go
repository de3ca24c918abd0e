package surveys

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Upload is a file an admin sent for import, kept between its preview and
// its confirmation under the hash of its bytes: what is confirmed is what
// was previewed, and nothing is sent twice.
type Upload struct {
	OrgID     int64
	Kind      string // what it imports: UploadReps, UploadInteractions
	Hash      string // hex SHA-256 of Body
	Body      []byte
	CreatedAt time.Time
}

// The kinds of upload.
const (
	UploadReps         = "reps"
	UploadInteractions = "interactions"
)

// UploadTTL is how long an upload waits for its confirmation.
const UploadTTL = 24 * time.Hour

// UploadStore keeps uploads.
type UploadStore interface {
	// SaveUpload stores an upload; the same bytes again keep the first.
	SaveUpload(ctx context.Context, u *Upload) error
	// FindUpload returns an org's upload of kind with hash. ENOTFOUND.
	FindUpload(ctx context.Context, orgID int64, kind, hash string) (*Upload, error)
	// DeleteUploads drops an org's uploads made before t.
	DeleteUploads(ctx context.Context, orgID int64, before time.Time) error
}

// KeepUpload stores body for a later import of kind and returns its hash;
// uploads older than UploadTTL are dropped. Needs ScopeManage. EINVALID on
// an unknown kind.
func (d *Directory) KeepUpload(ctx context.Context, kind string, body []byte) (string, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return "", err
	}
	if kind != UploadReps && kind != UploadInteractions {
		return "", Errorf(EINVALID, "kind", "unknown upload kind %q", kind)
	}
	sum := sha256.Sum256(body)
	now := d.clock.Now()
	u := &Upload{OrgID: a.OrgID, Kind: kind, Hash: hex.EncodeToString(sum[:]), Body: body, CreatedAt: now}
	err = d.inTx(ctx, func(tx directoryStore) error {
		if err := tx.DeleteUploads(ctx, a.OrgID, now.Add(-UploadTTL)); err != nil {
			return err
		}
		return tx.SaveUpload(ctx, u)
	})
	return u.Hash, err
}

// Upload returns the bytes of the org's upload of kind with hash. Needs
// ScopeManage. ENOTFOUND when there is none, or it is over a day old.
func (d *Directory) Upload(ctx context.Context, kind, hash string) ([]byte, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	u, err := d.store.FindUpload(ctx, a.OrgID, kind, hash)
	if err == nil && d.clock.Now().Sub(u.CreatedAt) > UploadTTL {
		err = Errorf(ENOTFOUND, "file", "that file was uploaded over a day ago")
	}
	if err != nil {
		return nil, err
	}
	return u.Body, nil
}
