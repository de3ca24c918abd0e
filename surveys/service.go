package surveys

import (
	"context"
	"fmt"
	"slices"
)

// Service is Trustcard's use cases. Every method reads the Actor from the
// context and checks it before it touches the Store.
type Service struct {
	Store Store
	Clock Clock
}

// NewService returns a Service over store; a nil clock is the system clock.
func NewService(store Store, clock Clock) *Service {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Service{Store: store, Clock: clock}
}

// authorize returns the actor when it may use scope, EUNAUTHORIZED when
// there is none and EFORBIDDEN when it may not. Users other than admins may
// only read; what they may read is narrowed by visibleTeams.
func (s *Service) authorize(ctx context.Context, scope Scope) (*Actor, error) {
	a := ActorFromContext(ctx)
	if a == nil || a.OrgID == 0 {
		return nil, Errorf(EUNAUTHORIZED, "", "sign in or send an API key")
	}
	if !a.Can(scope) {
		if a.IsKey() {
			return nil, Errorf(EFORBIDDEN, "", "this API key lacks the %q scope", scope)
		}
		return nil, Errorf(EFORBIDDEN, "", "your role may not do this")
	}
	return a, nil
}

// inTxRetry runs fn in a transaction, again (up to twice more) when it
// fails with ECONFLICT: two requests that create the same row at once
// collide on a unique key, and the second attempt then finds the row.
func (s *Service) inTxRetry(ctx context.Context, fn func(tx Store) error) error {
	var err error
	for range 3 {
		if err = s.Store.InTx(ctx, fn); ErrorCode(err) != ECONFLICT {
			return err
		}
	}
	return err
}

// audit records a change made by a, in the transaction tx of the change.
func (s *Service) audit(ctx context.Context, tx Store, a *Actor, action, target, detail string) error {
	e := AuditEntry{OrgID: a.OrgID, Actor: a.Name, Action: action, Target: target, Detail: detail, CreatedAt: s.Clock.Now()}
	if err := tx.AddAudit(ctx, &e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// visibleTeams returns the teams whose reps a leader may see (nil: all,
// for admins and keys). Reps see only themselves, handled by the caller.
func (s *Service) visibleTeams(ctx context.Context, a *Actor) ([]int64, error) {
	if a.IsKey() || a.Role == RoleAdmin {
		return nil, nil
	}
	all, _, err := s.Store.FindTeams(ctx, TeamFilter{OrgID: a.OrgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for _, t := range all {
		if slices.Contains(t.LeaderIDs, a.UserID) {
			ids = append(ids, Descendants(all, t.ID)...)
		}
	}
	return ids, nil
}
