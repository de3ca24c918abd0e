package surveys

import (
	"context"
	"time"
)

// User is someone who signs in to the web app: an admin, a leader or a rep.
type User struct {
	ID        int64
	OrgID     int64
	Email     string
	Name      string
	Role      Role
	RepID     int64 // for RoleRep: the rep whose feedback they read
	Active    bool
	CreatedAt time.Time
}

// Validate normalises and checks the user's own fields.
func (u *User) Validate() error {
	u.Email = NormalizeEmail(u.Email)
	switch {
	case !validEmail(u.Email):
		return Errorf(EINVALID, "email", "must be an email address")
	case !u.Role.Valid():
		return Errorf(EINVALID, "role", "must be admin, leader or rep")
	case u.Role == RoleRep && u.RepID == 0:
		return Errorf(EINVALID, "rep", "is required for a user with role rep")
	case u.Role != RoleRep && u.RepID != 0:
		return Errorf(EINVALID, "rep", "only a user with role rep is linked to a rep")
	}
	return checkText("name", &u.Name, 200, false, false)
}

// UserFilter selects users.
type UserFilter struct {
	OrgID  int64
	IDs    []int64
	Email  *string
	Role   *Role
	RepIDs []int64 // nil: any; the users who are these reps
	Active *bool
	Search string // part of the name or email, any case
	Page   Page
}

// UserUpdate changes a user; nil fields stay as they are. RepID is the
// rep a rep user is, and zero for other roles.
type UserUpdate struct {
	Name  *string
	Role  *Role
	RepID *int64
}

// SignInLink is a one-time link that signs a user in.
type SignInLink struct {
	UserID    int64
	TokenHash string
	ExpiresAt time.Time
}

// UserStore keeps users and their one-time sign-in links.
type UserStore interface {
	// CreateUser stores a user. ECONFLICT when the email is taken.
	CreateUser(ctx context.Context, u *User) error
	// FindUsers returns the matching users ordered by email, and the total.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// CreateSignInLink stores a one-time sign-in link.
	CreateSignInLink(ctx context.Context, l *SignInLink) error
	// UpdateUser changes a user. ENOTFOUND.
	UpdateUser(ctx context.Context, orgID, id int64, u UserUpdate) error
	// SetUserActive activates or deactivates a user. ENOTFOUND.
	SetUserActive(ctx context.Context, orgID, id int64, active bool) error
	// EndRepUsersAccess ends every session, and deletes every unused
	// sign-in link, of the users who are the rep.
	EndRepUsersAccess(ctx context.Context, orgID, repID int64) error
	// EndUserAccess ends every session, and deletes every unused sign-in
	// link, of the user.
	EndUserAccess(ctx context.Context, orgID, userID int64) error
}
