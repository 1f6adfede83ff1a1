package store

import (
	"context"
	"testing"
)

func TestClusterSnapshotToken(t *testing.T) { forEachStore(t, testClusterSnapshotToken) }

// testClusterSnapshotToken checks that the token of the clustering
// snapshot is kept until the signatures change: added documents, added
// signatures and merges, or deleted documents or signatures, however they
// are deleted, forget it.
func testClusterSnapshotToken(t *testing.T, s *Store) {
	ctx := context.Background()
	token := func() string {
		t.Helper()
		tok, err := s.ClusterSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	set := func(tok string) {
		t.Helper()
		if err := s.SetClusterSnapshot(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if got := token(); got != tok {
			t.Fatalf("token %q after setting %q", got, tok)
		}
	}
	if got := token(); got != "" {
		t.Fatalf("new store: token %q", got)
	}
	set("a")
	set("b") // replaces, never two rows
	run, err := s.BeginRun(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	its := items(t, testDocs)
	if _, _, err := s.Add(ctx, run, its); err != nil {
		t.Fatal(err)
	}
	if got := token(); got != "" {
		t.Fatalf("token %q after adding documents", got)
	}
	set("c")
	if _, _, err := s.Add(ctx, run, its); err != nil { // all present: nothing changes
		t.Fatal(err)
	}
	if got := token(); got != "c" {
		t.Fatalf("token %q after adding nothing new; want c", got)
	}
	rows := []SignatureRow{{Document: its[0].ID, Signature: []byte{}, Cluster: its[0].ID}, {Document: its[1].ID, Signature: []byte{}, Cluster: its[1].ID}}
	if err := s.PutSignatures(ctx, rows, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := token(); got != "" {
		t.Fatalf("token %q after adding signatures", got)
	}
	set("d")
	if err := s.PutSignatures(ctx, nil, map[int64]int64{its[1].ID: its[0].ID}, nil); err != nil {
		t.Fatal(err)
	}
	if got := token(); got != "" {
		t.Fatalf("token %q after a merge", got)
	}
	set("e")
	if _, err := s.db.ExecContext(ctx, "DELETE FROM document_signatures WHERE document_id = "+s.d.placeholder(1), its[1].ID); err != nil {
		t.Fatal(err)
	}
	if got := token(); got != "" {
		t.Fatalf("token %q after deleting a signature", got)
	}
	set("f")
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sources WHERE name = 'nowhere'"); err != nil {
		t.Fatal(err)
	}
	if got := token(); got != "f" {
		t.Fatalf("token %q after deleting no document; want f", got)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"entities", "hits", "categories", "network_documents"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+q+" WHERE document_id = "+s.d.placeholder(1), its[2].ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM documents WHERE id = "+s.d.placeholder(1), its[2].ID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := token(); got != "" {
		t.Fatalf("token %q after deleting a document", got)
	}
}
