package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// User is an account of the web application. The store keeps the role
// and the password hash as given: package auth makes and checks them.
type User struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	Lang         string `json:"lang"`
	Disabled     bool   `json:"disabled"`
	Created      string `json:"created_at"`
	PasswordAt   string `json:"password_changed_at"`
	PasswordHash string `json:"-"`
	// Purpose is what the session this account was found by states as
	// its reason to look at documents outside a case ("" when none
	// stated, or not found by a session).
	Purpose string `json:"-"`
}

const userColumns = "id, name, role, lang, disabled, created_at, password_at, password_hash"

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var disabled int
	err := row.Scan(&u.ID, &u.Name, &u.Role, &u.Lang, &disabled, &u.Created, &u.PasswordAt, &u.PasswordHash)
	u.Disabled = disabled != 0
	return u, err
}

// AddUser stores a new account and returns its id. The error wraps
// vigie.ErrConflict when the name is taken.
func (s *Store) AddUser(ctx context.Context, u User) (int64, error) {
	if u.Lang == "" {
		u.Lang = "en"
	}
	p := s.d.placeholder
	t := now()
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "INSERT INTO users (name, role, password_hash, lang, disabled, created_at, password_at) VALUES ("+
			p(1)+", "+p(2)+", "+p(3)+", "+p(4)+", 0, "+p(5)+", "+p(5)+") ON CONFLICT (name) DO NOTHING RETURNING id",
			u.Name, u.Role, u.PasswordHash, u.Lang, t).Scan(&id)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionChangeUser, "user:"+u.Name, "added, role "+u.Role)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("add user %q: name taken: %w", u.Name, vigie.ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("add user %q: %w", u.Name, err)
	}
	return id, nil
}

// userName returns the name of account id, read in tx.
func userName(ctx context.Context, tx *sql.Tx, p func(int) string, id int64) (string, error) {
	var n string
	err := tx.QueryRowContext(ctx, "SELECT name FROM users WHERE id = "+p(1), id).Scan(&n)
	return n, err
}

// UserByName returns the account named name; the error wraps
// vigie.ErrNotFound when there is none.
func (s *Store) UserByName(ctx context.Context, name string) (User, error) {
	u, err := scanUser(s.rd.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE name = "+s.d.placeholder(1), name))
	return u, userErr(err, name)
}

func userErr(err error, name string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("no user %q: %w", name, vigie.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("user %q: %w", name, err)
	}
	return nil
}

// Users returns every account, by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// UpdateUser changes an account: its password hash when hash is not
// empty, its role when role is not empty, its language when lang is not
// empty, and whether it is disabled when disabled is not nil. A new
// password, a new role or disabling ends the account's sessions in the
// same transaction; a new role or disabling also ends its API tokens (a
// new password alone keeps them). The error wraps vigie.ErrNotFound when
// there is no such account.
func (s *Store) UpdateUser(ctx context.Context, name, hash, role, lang string, disabled *bool) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update user %q: %w", name, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	p := s.d.placeholder
	var id int64
	if err = tx.QueryRowContext(ctx, "SELECT id FROM users WHERE name = "+p(1), name).Scan(&id); err != nil {
		return userErr(err, name)
	}
	set := func(col string, v any) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET "+col+" = "+p(1)+" WHERE id = "+p(2), v, id); err != nil {
			return fmt.Errorf("update user %q: %w", name, err)
		}
		return nil
	}
	endSessions := false
	var changed []string
	if hash != "" {
		changed = append(changed, "new password")
		if err = set("password_hash", hash); err != nil {
			return err
		}
		if err = set("password_at", now()); err != nil {
			return err
		}
		endSessions = true
	}
	if role != "" {
		changed = append(changed, "role "+role)
		if err = set("role", role); err != nil {
			return err
		}
		endSessions = true // a session must not keep a role taken away
	}
	if lang != "" {
		changed = append(changed, "language "+lang)
		if err = set("lang", lang); err != nil {
			return err
		}
	}
	if disabled != nil {
		v := 0
		if *disabled {
			v, endSessions = 1, true
			changed = append(changed, "disabled")
		} else {
			changed = append(changed, "enabled")
		}
		if err = set("disabled", v); err != nil {
			return err
		}
	}
	if endSessions {
		for _, table := range []string{"sessions", "api_tokens"} {
			if table == "api_tokens" && hash != "" && role == "" && disabled == nil {
				continue // a new password keeps the account's API tokens
			}
			if _, err = tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE user_id = "+p(1), id); err != nil {
				return fmt.Errorf("update user %q: end sessions: %w", name, err)
			}
		}
	}
	if err = s.audited(ctx, tx, audit.ActionChangeUser, "user:"+name, strings.Join(changed, ", ")); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("update user %q: %w", name, err)
	}
	return nil
}

// AddSession records a session of user whose secret has the digest
// given, valid until expires.
func (s *Store) AddSession(ctx context.Context, digest string, user int64, expires time.Time) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sessions (digest, user_id, created_at, expires_at) VALUES ("+p(1)+", "+p(2)+", "+p(3)+", "+p(4)+")",
			digest, user, now(), expires.UTC().Format(timeFormat)); err != nil {
			return err
		}
		name, err := userName(ctx, tx, p, user)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionLogin, "user:"+name, "")
	})
	if err != nil {
		return fmt.Errorf("add session: %w", err)
	}
	return nil
}

// SessionUser returns the account of the session whose secret has the
// digest given, if the session has not expired at t and the account is
// not disabled; otherwise the error wraps vigie.ErrUnauthenticated.
func (s *Store) SessionUser(ctx context.Context, digest string, t time.Time) (User, error) {
	p := s.d.placeholder
	var u User
	var disabled int
	err := s.rd.QueryRowContext(ctx, "SELECT u."+userColumnsOf("u")+", x.purpose FROM sessions x JOIN users u ON u.id = x.user_id WHERE x.digest = "+p(1)+
		" AND x.expires_at > "+p(2)+" AND u.disabled = 0", digest, t.UTC().Format(timeFormat)).Scan(
		&u.ID, &u.Name, &u.Role, &u.Lang, &disabled, &u.Created, &u.PasswordAt, &u.PasswordHash, &u.Purpose)
	u.Disabled = disabled != 0
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("no valid session: %w", vigie.ErrUnauthenticated)
	}
	if err != nil {
		return User{}, fmt.Errorf("session: %w", err)
	}
	return u, nil
}

// SetSessionPurpose records the purpose the session whose secret has
// the digest given states for looking at documents outside a case.
func (s *Store) SetSessionPurpose(ctx context.Context, digest, purpose string) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "SELECT u.name FROM sessions x JOIN users u ON u.id = x.user_id WHERE x.digest = "+p(1), digest).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no such session: %w", vigie.ErrUnauthenticated)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE sessions SET purpose = "+p(1)+" WHERE digest = "+p(2), purpose, digest); err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionStatePurpose, "user:"+name, purpose)
	})
	if err != nil {
		return fmt.Errorf("session purpose: %w", err)
	}
	return nil
}

// userColumnsOf is userColumns qualified by a table alias (its first
// column is left for the caller to qualify).
func userColumnsOf(alias string) string {
	return "id, " + alias + ".name, " + alias + ".role, " + alias + ".lang, " + alias + ".disabled, " + alias + ".created_at, " +
		alias + ".password_at, " + alias + ".password_hash"
}

// DeleteSession ends the session whose secret has the digest given
// (logging out); ending one that does not exist is not an error.
func (s *Store) DeleteSession(ctx context.Context, digest string) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "SELECT u.name FROM sessions x JOIN users u ON u.id = x.user_id WHERE x.digest = "+p(1), digest).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // no such session: nothing ends
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE digest = "+p(1), digest); err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionLogout, "user:"+name, "")
	})
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions expired at t and returns how
// many there were.
func (s *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= "+s.d.placeholder(1), t.UTC().Format(timeFormat))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// AddAPIToken records an API token of user named name, whose secret has
// the digest given.
func (s *Store) AddAPIToken(ctx context.Context, digest string, user int64, name string) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO api_tokens (digest, user_id, name, created_at) VALUES ("+p(1)+", "+p(2)+", "+p(3)+", "+p(4)+")",
			digest, user, name, now()); err != nil {
			return err
		}
		owner, err := userName(ctx, tx, p, user)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionChangeUser, "user:"+owner, "API token made: "+name)
	})
	if err != nil {
		return fmt.Errorf("add API token: %w", err)
	}
	return nil
}

// APITokenUser returns the account of the API token whose secret has the
// digest given, unless the account is disabled; otherwise the error wraps
// vigie.ErrUnauthenticated.
func (s *Store) APITokenUser(ctx context.Context, digest string) (User, error) {
	u, err := scanUser(s.rd.QueryRowContext(ctx, "SELECT u."+userColumnsOf("u")+" FROM api_tokens x JOIN users u ON u.id = x.user_id WHERE x.digest = "+
		s.d.placeholder(1)+" AND u.disabled = 0", digest))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("no valid API token: %w", vigie.ErrUnauthenticated)
	}
	if err != nil {
		return User{}, fmt.Errorf("API token: %w", err)
	}
	return u, nil
}

// APIToken is an API token as its owner sees it: what it is for and
// when it was made. Its secret is never kept; Digest (SHA-256 of the
// secret, hex) names it for revoking.
type APIToken struct {
	Digest  string `json:"-"`
	Name    string `json:"name"`
	Created string `json:"created_at"`
}

// APITokens returns the API tokens of the account user, newest first.
func (s *Store) APITokens(ctx context.Context, user int64) ([]APIToken, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT digest, name, created_at FROM api_tokens WHERE user_id = "+s.d.placeholder(1)+
		" ORDER BY created_at DESC, name", user)
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		if err := rows.Scan(&t.Digest, &t.Name, &t.Created); err != nil {
			return nil, fmt.Errorf("list API tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	return out, nil
}

// DeleteAPIToken revokes the API token of the account user whose secret
// has the digest given; the error wraps vigie.ErrNotFound when the
// account has no such token (another account's token included).
func (s *Store) DeleteAPIToken(ctx context.Context, user int64, digest string) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var label string
		err := tx.QueryRowContext(ctx, "SELECT name FROM api_tokens WHERE user_id = "+p(1)+" AND digest = "+p(2), user, digest).Scan(&label)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no such token: %w", vigie.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM api_tokens WHERE user_id = "+p(1)+" AND digest = "+p(2), user, digest); err != nil {
			return err
		}
		owner, err := userName(ctx, tx, p, user)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionChangeUser, "user:"+owner, "API token revoked: "+label)
	})
	if err != nil {
		return fmt.Errorf("revoke API token: %w", err)
	}
	return nil
}
