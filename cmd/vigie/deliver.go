package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/webhook"
)

// deliverBatch bounds the deliveries one pass attempts.
const deliverBatch = 50

// deliverAlerts makes one attempt of every webhook delivery due at now
// (at most deliverBatch): delivered ones are marked so, failed ones put
// off by the sender's backoff, or given up after its last attempt or on
// an answer that says retrying is useless (a 4xx). It returns how many
// were delivered and how many failed.
func deliverAlerts(ctx context.Context, st *store.Store, s *webhook.Sender, now func() time.Time, log *slog.Logger) (sent, failed int, err error) {
	ds, err := st.DueDeliveries(ctx, now(), deliverBatch)
	if err != nil {
		return 0, 0, err
	}
	for _, d := range ds {
		wd := webhook.Delivery{ID: store.DeliveryID(d.ID), URL: d.URL, Secret: []byte(d.Secret), Event: store.AlertEvent, Body: d.Body}
		attempt := d.Attempts + 1
		retryable, aerr := s.Attempt(ctx, wd)
		if aerr == nil {
			sent++
			if err := st.DeliveryDone(ctx, d.ID, attempt, now()); err != nil {
				return sent, failed, err
			}
			continue
		}
		if ctx.Err() != nil {
			return sent, failed, ctx.Err()
		}
		failed++
		next := s.NextAttempt(attempt, now(), aerr)
		giveUp := !retryable || next.IsZero()
		if next.IsZero() {
			next = now()
		}
		log.Warn("webhook delivery failed", "delivery", wd, "attempt", attempt, "give_up", giveUp, "err", aerr)
		if err := st.DeliveryFailed(ctx, d.ID, attempt, next, giveUp, aerr.Error()); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

// deliverLoop runs deliverAlerts every interval until ctx ends.
func deliverLoop(ctx context.Context, st *store.Store, s *webhook.Sender, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, _, err := deliverAlerts(ctx, st, s, time.Now, log); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("webhook deliveries", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
