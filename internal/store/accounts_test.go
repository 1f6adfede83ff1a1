package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestAccounts(t *testing.T) { forEachStore(t, testAccounts) }

// testAccounts checks accounts, sessions and API tokens: a taken name is
// a conflict; a session ends when it expires, at logout, when the
// password or role changes and when the account is disabled; a disabled
// account's API tokens stop working and a new password keeps them.
func testAccounts(t *testing.T, s *Store) {
	ctx := context.Background()
	id, err := s.AddUser(ctx, User{Name: "ana", Role: "investigator", PasswordHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx, User{Name: "ana", Role: "admin", PasswordHash: "h2"}); !errors.Is(err, vigie.ErrConflict) {
		t.Fatalf("second ana: err %v; want ErrConflict", err)
	}
	if _, err := s.AddUser(ctx, User{Name: "bo", Role: "triage", PasswordHash: "h3", Lang: "fr"}); err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByName(ctx, "ana")
	if err != nil || u.ID != id || u.Role != "investigator" || u.Lang != "en" || u.PasswordHash != "h1" || u.Disabled || u.Created == "" {
		t.Fatalf("UserByName(ana) = %+v, %v", u, err)
	}
	if _, err := s.UserByName(ctx, "nobody"); !errors.Is(err, vigie.ErrNotFound) {
		t.Fatalf("UserByName(nobody): err %v; want ErrNotFound", err)
	}
	us, err := s.Users(ctx)
	if err != nil || len(us) != 2 || us[0].Name != "ana" || us[1].Name != "bo" || us[1].Lang != "fr" {
		t.Fatalf("Users = %+v, %v", us, err)
	}

	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	session := func(digest string) error {
		_, err := s.SessionUser(ctx, digest, now)
		return err
	}
	if err := s.AddSession(ctx, "s1", id, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "t1", id, "script"); err != nil {
		t.Fatal(err)
	}
	if u, err := s.SessionUser(ctx, "s1", now); err != nil || u.Name != "ana" {
		t.Fatalf("SessionUser(s1) = %+v, %v", u, err)
	}
	if _, err := s.SessionUser(ctx, "s1", now.Add(time.Hour)); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("expired session: err %v; want ErrUnauthenticated", err)
	}
	if err := session("nope"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("unknown session: err %v", err)
	}
	if err := s.SetSessionPurpose(ctx, "s1", "checking a tip from a labour inspector"); err != nil {
		t.Fatal(err)
	}
	if u, err := s.SessionUser(ctx, "s1", now); err != nil || u.Purpose != "checking a tip from a labour inspector" {
		t.Errorf("SessionUser after SetSessionPurpose = %+v, %v", u, err)
	}
	if err := s.SetSessionPurpose(ctx, "nope", "x"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("SetSessionPurpose(unknown) = %v", err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := session("s1"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("session after logout: err %v", err)
	}

	// A new password ends sessions, keeps API tokens.
	s.AddSession(ctx, "s2", id, now.Add(time.Hour))
	if err := s.UpdateUser(ctx, "ana", "h9", "", "nl", nil); err != nil {
		t.Fatal(err)
	}
	if err := session("s2"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("session after a new password: err %v", err)
	}
	if u, err := s.APITokenUser(ctx, "t1"); err != nil || u.PasswordHash != "h9" || u.Lang != "nl" {
		t.Errorf("APITokenUser after a new password = %+v, %v", u, err)
	}
	// Disabling ends both; enabling does not bring them back.
	s.AddSession(ctx, "s3", id, now.Add(time.Hour))
	yes, no := true, false
	if err := s.UpdateUser(ctx, "ana", "", "", "", &yes); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByName(ctx, "ana"); !u.Disabled {
		t.Error("ana not disabled")
	}
	s.AddSession(ctx, "s4", id, now.Add(time.Hour)) // made while disabled
	if err := session("s4"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("session of a disabled account: err %v", err)
	}
	if _, err := s.APITokenUser(ctx, "t1"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("API token of a disabled account: err %v", err)
	}
	if err := s.UpdateUser(ctx, "ana", "", "", "", &no); err != nil {
		t.Fatal(err)
	}
	if err := session("s3"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("session s3 came back after enabling: err %v", err)
	}
	if err := session("s4"); err != nil {
		t.Errorf("session s4 made while disabled, after enabling: err %v", err)
	}
	// A role change ends sessions.
	if err := s.UpdateUser(ctx, "ana", "", "analyst", "", nil); err != nil {
		t.Fatal(err)
	}
	if err := session("s4"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("session after a role change: err %v", err)
	}
	// Tokens listed and revoked by their owner only.
	bo, _ := s.UserByName(ctx, "bo")
	s.AddAPIToken(ctx, "t2", id, "nightly export")
	s.AddAPIToken(ctx, "t3", bo.ID, "bo's script")
	if ts, err := s.APITokens(ctx, id); err != nil || len(ts) != 1 || ts[0].Name != "nightly export" || ts[0].Digest != "t2" || ts[0].Created == "" {
		t.Errorf("APITokens(ana) = %+v, %v; want only the token made after the role change", ts, err)
	}
	if err := s.DeleteAPIToken(ctx, id, "t3"); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("ana revoking bo's token: err %v; want ErrNotFound", err)
	}
	if err := s.DeleteAPIToken(ctx, id, "t2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.APITokenUser(ctx, "t2"); !errors.Is(err, vigie.ErrUnauthenticated) {
		t.Errorf("revoked token still works: err %v", err)
	}
	if _, err := s.APITokenUser(ctx, "t3"); err != nil {
		t.Errorf("bo's token: err %v", err)
	}
	if err := s.UpdateUser(ctx, "nobody", "h", "", "", nil); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("UpdateUser(nobody): err %v; want ErrNotFound", err)
	}
	s.AddSession(ctx, "old", id, now.Add(-time.Minute))
	if n, err := s.DeleteExpiredSessions(ctx, now); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
}
