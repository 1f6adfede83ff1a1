package store

import (
	"context"
	"database/sql"

	"github.com/vigie-project/vigie/internal/audit"
)

// Actor is who a change is made for and why: the store records it in
// the audit trail with every change, in the change's own transaction.
type Actor struct {
	Name    string // an account, audit.CLIActor(user) or audit.ActorSystem
	Purpose string // a case ("case:12") or a stated reason, or ""
}

type actorKey struct{}

// WithActor returns ctx carrying a: the changes made with it are
// recorded as a's.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf returns the actor ctx carries, or audit.ActorSystem.
func ActorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Name != "" {
		return a
	}
	return Actor{Name: audit.ActorSystem}
}

// audited appends, as the last statement of tx, the audit row of the
// change tx makes for ctx's actor.
func (s *Store) audited(ctx context.Context, tx *sql.Tx, action, object, detail string) error {
	a := ActorOf(ctx)
	_, err := s.auditTx(ctx, tx, audit.Entry{Actor: a.Name, Action: action, Object: object, Purpose: a.Purpose, Detail: detail})
	return err
}

// Record appends a row for what ctx's actor did that changed nothing in
// the store (a view, a search, an export), in its own transaction.
func (s *Store) Record(ctx context.Context, action, object, detail string) error {
	a := ActorOf(ctx)
	_, err := s.Audit(ctx, audit.Entry{Actor: a.Name, Action: action, Object: object, Purpose: a.Purpose, Detail: detail})
	return err
}
