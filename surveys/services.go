package surveys

import (
	"context"
)

// Services are Trustcard's use cases, one type per area:
//
//   - Directory: reps, teams, users, API keys, org settings, audit log.
//   - Access: sign-in links, sessions and API keys turned into an Actor;
//     a signed-in person's own sessions.
//   - Delivery: interactions posted by the CRM and their invitations.
//   - Scores: figures, trends, responses and report cards.
//   - Buyers: the buyer's survey page, answers, opt-outs and erasure.
//   - Worker: the background workers' side of delivery and monthly
//     reports; its methods run without an actor.
//   - Editor: the wording of the org's survey, its drafts, previews and
//     test emails.
//   - SSO: single sign-on with the company's identity provider.
//   - Alerts: the follow-up of low answers by the rep's leaders.
//   - Digests: a leader's choice of a daily or weekly digest email.
//   - Webhooks: the endpoints other systems hear the org's events at.
//   - Integrity: reinstating flagged responses, excluding interactions.
//
// Every method that serves a person or an integration reads the Actor from
// the context and checks it; what it may read is narrowed by its
// Visibility, computed in one place. No service exposes its store.
type Services struct {
	Directory *Directory
	Access    *Access
	Delivery  *Delivery
	Scores    *Scores
	Buyers    *Buyers
	Worker    *Worker
	Editor    *Editor
	SSO       *SSO
	Alerts    *Alerts
	Digests   *Digests
	Webhooks  *Webhooks
	Integrity *Integrity
}

// New returns the services over store; a nil clock is the system clock.
func New(store Store, clock Clock) *Services {
	if clock == nil {
		clock = SystemClock{}
	}
	scores := &Scores{store: store, clock: clock, inTx: transactions(store, func(s Store) scoresStore { return s })}
	return &Services{
		Directory: &Directory{store: store, clock: clock, inTx: transactions(store, func(s Store) directoryStore { return s })},
		Access:    &Access{store: store, clock: clock, inTx: transactions(store, func(s Store) accessStore { return s })},
		Delivery:  &Delivery{store: store, clock: clock, inTx: transactions(store, func(s Store) deliveryStore { return s })},
		Scores:    scores,
		Buyers:    &Buyers{store: store, clock: clock, inTx: transactions(store, func(s Store) buyersStore { return s })},
		Worker: &Worker{store: store, clock: clock, scores: scores,
			inTx: transactions(store, func(s Store) workerStore { return s })},
		Editor:  &Editor{store: store, clock: clock, inTx: transactions(store, func(s Store) editorStore { return s })},
		SSO:     &SSO{store: store, clock: clock, inTx: transactions(store, func(s Store) ssoStore { return s })},
		Alerts:  &Alerts{store: store, clock: clock, inTx: transactions(store, func(s Store) alertsStore { return s })},
		Digests: &Digests{store: store, clock: clock},
		Webhooks: &Webhooks{store: store, clock: clock, resolve: SystemResolver,
			inTx: transactions(store, func(s Store) webhooksStore { return s })},
		Integrity: &Integrity{clock: clock,
			inTx: transactions(store, func(s Store) integrityTxStore { return s })},
	}
}

// WordDefaultSurvey words the default survey ("Trust check") with texts:
// an org's first survey is created with them, and an org without a survey
// yet reads its questions in them. They are the product's message
// catalogue, which the domain does not read: cmd/trustcard hands them in
// where it builds the services. Without them the questions have no text.
func (s *Services) WordDefaultSurvey(texts QuestionTexts) {
	s.Delivery.questionTexts, s.Scores.questionTexts, s.Editor.questionTexts = texts, texts, texts
}

// txRunner runs fn in one transaction over a store of type S: committed
// when fn returns nil, rolled back otherwise.
type txRunner[S any] func(ctx context.Context, fn func(tx S) error) error

// transactions returns the transaction runner of a service whose store is
// S, the part of Store that narrow picks.
func transactions[S any](store Store, narrow func(Store) S) txRunner[S] {
	return func(ctx context.Context, fn func(tx S) error) error {
		return store.InTx(ctx, func(tx Store) error { return fn(narrow(tx)) })
	}
}

// retryConflicts runs fn again (up to twice more) when it fails with
// ECONFLICT: two requests that create the same row at once collide on a
// unique key, and the second attempt then finds the row.
func retryConflicts(fn func() error) error {
	var err error
	for range 3 {
		if err = fn(); ErrorCode(err) != ECONFLICT {
			return err
		}
	}
	return err
}

// authorize returns the actor when it may use scope, EUNAUTHORIZED when
// there is none and EFORBIDDEN when it may not. Users other than admins may
// only read; what they may read is narrowed by their Visibility.
func authorize(ctx context.Context, scope Scope) (*Actor, error) {
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
