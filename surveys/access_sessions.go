package surveys

import "context"

// signedInUser returns the actor when it is a signed-in user.
// EUNAUTHORIZED without an actor; EFORBIDDEN for an API key: sessions are
// people's.
func signedInUser(ctx context.Context) (*Actor, error) {
	a := ActorFromContext(ctx)
	switch {
	case a == nil || a.OrgID == 0:
		return nil, Errorf(EUNAUTHORIZED, "", "sign in to see your account")
	case a.IsKey() || a.UserID == 0:
		return nil, Errorf(EFORBIDDEN, "", "API keys have no sessions: sign in as a person")
	}
	return a, nil
}

// Sessions returns the signed-in user's own unexpired sessions, the most
// recently used first. EUNAUTHORIZED, EFORBIDDEN.
func (ac *Access) Sessions(ctx context.Context) ([]*Session, error) {
	a, err := signedInUser(ctx)
	if err != nil {
		return nil, err
	}
	return ac.store.FindSessions(ctx, a.UserID, ac.clock.Now())
}

// EndSession ends one of the signed-in user's own sessions, named by its
// ID. EUNAUTHORIZED, EFORBIDDEN; ENOTFOUND when they have no such session (any more).
func (ac *Access) EndSession(ctx context.Context, id string) error {
	sessions, err := ac.Sessions(ctx)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if s.ID() == id {
			return ac.store.DeleteSessions(ctx, s.UserID, s.TokenHash)
		}
	}
	return Errorf(ENOTFOUND, "", "that session has already ended")
}

// SignOutEverywhere ends every session of the signed-in user, the one
// asking included. EUNAUTHORIZED, EFORBIDDEN.
func (ac *Access) SignOutEverywhere(ctx context.Context) error {
	a, err := signedInUser(ctx)
	if err != nil {
		return err
	}
	return ac.store.DeleteSessions(ctx, a.UserID, "")
}
