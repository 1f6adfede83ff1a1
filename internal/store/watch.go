package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Watch kinds besides the entity kinds (vigie.EntityKinds, photo hashes
// excluded).
const (
	WatchTerm     = "term"     // words, matched as a phrase of the folded text
	WatchCategory = "category" // a category id
)

// Watch is what an account watches for in new documents.
type Watch struct {
	ID            int64  `json:"id"`
	UserID        int64  `json:"-"`
	Kind          string `json:"kind"`  // an entity kind, WatchTerm or WatchCategory
	Value         string `json:"value"` // as stored: E.164 phones, lower-case handles, folded terms
	Label         string `json:"label"`
	WebhookURL    string `json:"webhook_url,omitempty"`
	WebhookSecret string `json:"-"`
	Created       string `json:"created_at"`
	Alerts        int    `json:"alerts"`
	Unseen        int    `json:"unseen"`
}

// Alert is a new document that matched a watch.
type Alert struct {
	ID         int64   `json:"id"`
	WatchID    int64   `json:"watch_id"`
	WatchKind  string  `json:"watch_kind"`
	WatchValue string  `json:"watch_value"`
	WatchLabel string  `json:"watch_label"`
	Document   string  `json:"document"` // id as ingested, else key
	Risk       float64 `json:"risk"`
	Snippet    string  `json:"snippet"`
	Created    string  `json:"created_at"`
	Seen       bool    `json:"seen"`
}

// WatchValue checks a watch's kind and puts its value in the form
// matching uses: an entity filter's (EntityFilter, phones read in
// region), the folded words of a term, a known category id. The error
// wraps vigie.ErrInvalid.
func WatchValue(kind, value, region string) (string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", fmt.Errorf("a watch needs a value: %w", vigie.ErrInvalid)
	}
	switch kind {
	case WatchTerm:
		words := foldedWords(value)
		if words == "" {
			return "", fmt.Errorf("term %q: no word to match: %w", value, vigie.ErrInvalid)
		}
		return words, nil
	case WatchCategory:
		if !slices.Contains(vigie.Categories, value) {
			return "", fmt.Errorf("unknown category %q: %w", value, vigie.ErrInvalid)
		}
		return value, nil
	}
	if strings.Contains(value, "*") {
		return "", fmt.Errorf("%s %q: a watch takes one exact value: %w", kind, value, vigie.ErrInvalid)
	}
	e, ok, err := EntityFilter(kind+":"+value, region)
	if err != nil {
		return "", err
	}
	if !ok || e.Kind == vigie.KindPhoto || e.Kind == vigie.KindPhotoHash {
		return "", fmt.Errorf("cannot watch %q: want a contact kind (phone, whatsapp, telegram, email, crypto_wallet…), term or category: %w", kind, vigie.ErrInvalid)
	}
	return e.Value, nil
}

// foldedWords returns the words and numbers of text as the full-text
// index holds them, joined by single spaces.
func foldedWords(text string) string {
	return strings.Join(terms(text), " ")
}

// AddWatch stores w (Kind and Value checked by WatchValue first) and
// returns its id; the error wraps vigie.ErrConflict when the account
// already watches that.
func (s *Store) AddWatch(ctx context.Context, w Watch) (int64, error) {
	p := s.d.placeholder
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "INSERT INTO watches (user_id, kind, value, label, webhook_url, webhook_secret, created_at) VALUES ("+
			p(1)+", "+p(2)+", "+p(3)+", "+p(4)+", "+p(5)+", "+p(6)+", "+p(7)+") ON CONFLICT (user_id, kind, value) DO NOTHING RETURNING id",
			w.UserID, w.Kind, w.Value, w.Label, w.WebhookURL, w.WebhookSecret, now()).Scan(&id)
		if err != nil {
			return err
		}
		detail := "watch " + w.Kind + ":" + w.Value
		if w.WebhookURL != "" {
			detail += ", webhook " + w.WebhookURL
		}
		return s.audited(ctx, tx, audit.ActionChangeWatch, "watch:"+strconv.FormatInt(id, 10), detail)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("already watched: %s %s: %w", w.Kind, w.Value, vigie.ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("add watch: %w", err)
	}
	return id, nil
}

// Watches returns the watches of the account user, newest first, with
// their alert counts.
func (s *Store) Watches(ctx context.Context, user int64) ([]Watch, error) {
	var out []Watch
	err := s.eachRow(ctx, "SELECT w.id, w.user_id, w.kind, w.value, w.label, w.webhook_url, w.webhook_secret, w.created_at, "+
		"(SELECT count(*) FROM alerts a WHERE a.watch_id = w.id), (SELECT count(*) FROM alerts a WHERE a.watch_id = w.id AND a.seen_at IS NULL) "+
		"FROM watches w WHERE w.user_id = "+s.d.placeholder(1)+" ORDER BY w.id DESC", []any{user}, func(r *sql.Rows) error {
		var w Watch
		err := r.Scan(&w.ID, &w.UserID, &w.Kind, &w.Value, &w.Label, &w.WebhookURL, &w.WebhookSecret, &w.Created, &w.Alerts, &w.Unseen)
		out = append(out, w)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	return out, nil
}

// DeleteWatch removes watch id of the account user, its alerts and their
// deliveries; the error wraps vigie.ErrNotFound when user has no such
// watch.
func (s *Store) DeleteWatch(ctx context.Context, user, id int64) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM watches WHERE id = "+p(1)+" AND user_id = "+p(2), id, user).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("no watch %d: %w", id, vigie.ErrNotFound)
			}
			return err
		}
		for _, q := range []string{
			"DELETE FROM webhook_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE watch_id = " + p(1) + ")",
			"DELETE FROM alerts WHERE watch_id = " + p(1),
			"DELETE FROM watches WHERE id = " + p(1),
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return s.audited(ctx, tx, audit.ActionChangeWatch, "watch:"+strconv.FormatInt(id, 10), "removed")
	})
	if err != nil {
		return fmt.Errorf("delete watch: %w", err)
	}
	return nil
}

// Alerts returns the latest alerts of the account user (only unseen ones
// when unseen), newest first, at most limit.
func (s *Store) Alerts(ctx context.Context, user int64, unseen bool, limit int) ([]Alert, error) {
	p := s.d.placeholder
	cond := ""
	if unseen {
		cond = " AND a.seen_at IS NULL"
	}
	var out []Alert
	err := s.eachRow(ctx, "SELECT a.id, w.id, w.kind, w.value, w.label, d.ext_id, d.key, d.risk, d.text, a.created_at, a.seen_at IS NOT NULL "+
		"FROM alerts a JOIN watches w ON w.id = a.watch_id JOIN documents d ON d.id = a.document_id WHERE w.user_id = "+p(1)+cond+
		" ORDER BY a.id DESC LIMIT "+p(2), []any{user, limit}, func(r *sql.Rows) error {
		var a Alert
		var key []byte
		var text string
		err := r.Scan(&a.ID, &a.WatchID, &a.WatchKind, &a.WatchValue, &a.WatchLabel, &a.Document, &key, &a.Risk, &text, &a.Created, &a.Seen)
		if a.Document == "" {
			a.Document = fmt.Sprintf("%x", key)
		}
		var ts []string
		if a.WatchKind == WatchTerm {
			ts = strings.Fields(a.WatchValue)
		}
		a.Snippet = Snippet(text, ts, 160)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return out, nil
}

// UnseenAlerts counts the alerts of the account user not yet seen.
func (s *Store) UnseenAlerts(ctx context.Context, user int64) (int, error) {
	var n int
	err := s.rd.QueryRowContext(ctx, "SELECT count(*) FROM alerts a JOIN watches w ON w.id = a.watch_id WHERE w.user_id = "+
		s.d.placeholder(1)+" AND a.seen_at IS NULL", user).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count alerts: %w", err)
	}
	return n, nil
}

// MarkAlertsSeen marks every alert of the account user seen.
func (s *Store) MarkAlertsSeen(ctx context.Context, user int64) error {
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE alerts SET seen_at = "+p(1)+" WHERE seen_at IS NULL AND watch_id IN (SELECT id FROM watches WHERE user_id = "+p(2)+")", now(), user); err != nil {
			return err
		}
		name, err := userName(ctx, tx, p, user)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionChangeWatch, "user:"+name, "alerts marked seen")
	})
	if err != nil {
		return fmt.Errorf("mark alerts seen: %w", err)
	}
	return nil
}

// alertChunk bounds the document ids of one alert query.
const alertChunk = 500

// RaiseAlerts matches the documents with the store ids docs (new ones,
// after an ingest) against every watch and records an alert for each
// match not recorded before, with a webhook delivery when the watch has
// a webhook. It returns the number of alerts raised.
func (s *Store) RaiseAlerts(ctx context.Context, docs []int64) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var terms []Watch
		if err := s.eachRowTx(ctx, tx, "SELECT id, value FROM watches WHERE kind = "+s.d.placeholder(1), []any{WatchTerm}, func(r *sql.Rows) error {
			var w Watch
			err := r.Scan(&w.ID, &w.Value)
			terms = append(terms, w)
			return err
		}); err != nil {
			return err
		}
		t := now()
		for start := 0; start < len(docs); start += alertChunk {
			chunk := docs[start:min(start+alertChunk, len(docs))]
			ids := make([]string, len(chunk))
			for i, d := range chunk {
				ids[i] = strconv.FormatInt(d, 10)
			}
			in := "(" + strings.Join(ids, ", ") + ")"
			for _, q := range []string{
				"INSERT INTO alerts (watch_id, document_id, created_at) SELECT DISTINCT w.id, e.document_id, " + s.d.placeholder(1) +
					" FROM watches w JOIN entities e ON e.kind = w.kind AND e.value = w.value WHERE e.document_id IN " + in + " ON CONFLICT DO NOTHING",
				"INSERT INTO alerts (watch_id, document_id, created_at) SELECT w.id, c.document_id, " + s.d.placeholder(1) +
					" FROM watches w JOIN categories c ON c.category = w.value WHERE w.kind = 'category' AND c.document_id IN " + in + " ON CONFLICT DO NOTHING",
			} {
				res, err := tx.ExecContext(ctx, q, t)
				if err != nil {
					return err
				}
				k, _ := res.RowsAffected()
				n += int(k)
			}
			if len(terms) == 0 {
				continue
			}
			// Matches are collected first: PostgreSQL runs no statement on
			// a connection while it reads rows.
			type match struct{ watch, doc int64 }
			var found []match
			if err := s.eachRowTx(ctx, tx, "SELECT id, text FROM documents WHERE id IN "+in, nil, func(r *sql.Rows) error {
				var id int64
				var text string
				if err := r.Scan(&id, &text); err != nil {
					return err
				}
				words := " " + foldedWords(text) + " "
				for _, w := range terms {
					if strings.Contains(words, " "+w.Value+" ") {
						found = append(found, match{w.ID, id})
					}
				}
				return nil
			}); err != nil {
				return err
			}
			for _, m := range found {
				res, err := tx.ExecContext(ctx, "INSERT INTO alerts (watch_id, document_id, created_at) VALUES ("+s.d.placeholder(1)+", "+
					s.d.placeholder(2)+", "+s.d.placeholder(3)+") ON CONFLICT DO NOTHING", m.watch, m.doc, t)
				if err != nil {
					return err
				}
				k, _ := res.RowsAffected()
				n += int(k)
			}
		}
		// Deliveries for the new alerts of watches with a webhook.
		_, err := tx.ExecContext(ctx, "INSERT INTO webhook_deliveries (alert_id, next_at) SELECT a.id, "+s.d.placeholder(1)+
			" FROM alerts a JOIN watches w ON w.id = a.watch_id WHERE w.webhook_url <> '' AND a.created_at = "+s.d.placeholder(1)+
			" AND NOT EXISTS (SELECT 1 FROM webhook_deliveries x WHERE x.alert_id = a.id)", t)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("raise alerts: %w", err)
	}
	return n, nil
}

// eachRowTx is eachRow within tx.
func (s *Store) eachRowTx(ctx context.Context, tx *sql.Tx, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	var ferr error
	for rows.Next() && ferr == nil {
		ferr = fn(rows)
	}
	// Rows must be closed before tx runs another statement.
	rows.Close()
	if ferr != nil {
		return ferr
	}
	return rows.Err()
}

// Delivery is a webhook post to make: the alert, as JSON, to the watch's
// URL signed with its secret.
type Delivery struct {
	ID       int64
	AlertID  int64
	Attempts int // made so far
	URL      string
	Secret   string
	Body     []byte
}

// deliveryBody is what a webhook receives for an alert. The event and
// the delivery's id are in the body, which is what the signature covers.
type deliveryBody struct {
	Event    string `json:"event"`    // AlertEvent
	Delivery string `json:"delivery"` // DeliveryID of the delivery
	Alert    Alert  `json:"alert"`
}

// AlertEvent is the event type of alert deliveries.
const AlertEvent = "alert.created"

// DeliveryID is the id of delivery id for its receiver (header
// Vigie-Delivery and the body's "delivery"): the same for every attempt.
func DeliveryID(id int64) string { return "vigie-delivery-" + strconv.FormatInt(id, 10) }

// DueDeliveries returns at most limit pending deliveries due at t, oldest
// first.
func (s *Store) DueDeliveries(ctx context.Context, t time.Time, limit int) ([]Delivery, error) {
	p := s.d.placeholder
	var out []Delivery
	var alerts []Alert
	err := s.eachRow(ctx, "SELECT x.id, x.alert_id, x.attempts, w.webhook_url, w.webhook_secret, w.id, w.kind, w.value, w.label, d.ext_id, d.risk, a.created_at "+
		"FROM webhook_deliveries x JOIN alerts a ON a.id = x.alert_id JOIN watches w ON w.id = a.watch_id JOIN documents d ON d.id = a.document_id "+
		"WHERE x.status = 'pending' AND x.next_at <= "+p(1)+" ORDER BY x.next_at, x.id LIMIT "+p(2), []any{t.UTC().Format(timeFormat), limit},
		func(r *sql.Rows) error {
			var d Delivery
			var a Alert
			err := r.Scan(&d.ID, &d.AlertID, &d.Attempts, &d.URL, &d.Secret, &a.WatchID, &a.WatchKind, &a.WatchValue, &a.WatchLabel, &a.Document, &a.Risk, &a.Created)
			a.ID = d.AlertID
			out = append(out, d)
			alerts = append(alerts, a)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	for i := range out {
		// The text stays in vigie: the receiver gets the alert and the
		// document's id, and reads it in vigie if it may.
		if out[i].Body, err = json.Marshal(deliveryBody{Event: AlertEvent, Delivery: DeliveryID(out[i].ID), Alert: alerts[i]}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeliveryDone records delivery id as delivered at t.
func (s *Store) DeliveryDone(ctx context.Context, id int64, attempts int, t time.Time) error {
	p := s.d.placeholder
	_, err := s.db.ExecContext(ctx, "UPDATE webhook_deliveries SET status = 'delivered', attempts = "+p(1)+", delivered_at = "+p(2)+", last_error = '' WHERE id = "+p(3),
		attempts, t.UTC().Format(timeFormat), id)
	if err != nil {
		return fmt.Errorf("delivery %d: %w", id, err)
	}
	return nil
}

// DeliveryFailed records a failed attempt of delivery id: tried again at
// next, or given up (status failed) when giveUp.
func (s *Store) DeliveryFailed(ctx context.Context, id int64, attempts int, next time.Time, giveUp bool, why string) error {
	p := s.d.placeholder
	status := "pending"
	if giveUp {
		status = "failed"
	}
	if len(why) > 500 {
		why = why[:500]
	}
	_, err := s.db.ExecContext(ctx, "UPDATE webhook_deliveries SET status = "+p(1)+", attempts = "+p(2)+", next_at = "+p(3)+", last_error = "+p(4)+" WHERE id = "+p(5),
		status, attempts, next.UTC().Format(timeFormat), why, id)
	if err != nil {
		return fmt.Errorf("delivery %d: %w", id, err)
	}
	return nil
}

// DeliveryStatus counts the deliveries by status ("pending", "delivered",
// "failed").
func (s *Store) DeliveryStatus(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := s.eachRow(ctx, "SELECT status, count(*) FROM webhook_deliveries GROUP BY status", nil, func(r *sql.Rows) error {
		var st string
		var n int
		err := r.Scan(&st, &n)
		out[st] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("delivery status: %w", err)
	}
	return out, nil
}
