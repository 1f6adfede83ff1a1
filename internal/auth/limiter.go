package auth

import (
	"container/list"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// LimiterConfig sets how a Limiter slows repeated failures on one key.
// After f failures on a key, the next attempt need not wait while
// f ≤ Free; beyond that it must wait Base·2^(f−Free−1) after the last
// failure, capped at Max.
type LimiterConfig struct {
	// Free is how many failures a key may have before any wait.
	Free int
	// Base is the wait after failure Free+1; each further failure doubles
	// it.
	Base time.Duration
	// Max caps the wait.
	Max time.Duration
	// Forget is how long after its last failure a key is dropped. It must
	// exceed Max, or sitting out a capped wait would reset the count.
	Forget time.Duration
	// Keys is how many keys are remembered at most; when full, the key whose
	// last failure is oldest is dropped.
	Keys int
}

// DefaultLimiterConfig returns the throttle vigie serve uses: five free
// failures, then 1 s, 2 s, 4 s … up to 15 min between attempts (reached
// at the 16th failure), a key forgotten a day after its last failure, and
// at most 100 000 keys (about 20 MB).
func DefaultLimiterConfig() LimiterConfig {
	return LimiterConfig{Free: 5, Base: time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour, Keys: 100_000}
}

// maxDoublings bounds the failure count kept per key, so the count cannot
// overflow however long an attack lasts; 2^62 is beyond any Max/Base.
const maxDoublings = 62

// A Limiter throttles login attempts per key (the caller uses one key for
// the client address and one for the user name). It keeps no clock: every
// method takes the time from the caller. Keys are held as SHA-256 digests,
// so memory per key is fixed whatever the key's length. Safe for concurrent
// use.
//
// Use: before verifying a password, call Check for each key and refuse with
// the largest wait if any is positive, without verifying and without calling
// Failed; after verifying, call Failed on every key for a wrong password, or
// Succeeded for a right one.
type Limiter struct {
	cfg LimiterConfig

	mu      sync.Mutex
	entries map[[32]byte]*list.Element // of *limiterEntry
	order   *list.List                 // front: most recent failure
}

type limiterEntry struct {
	key      [32]byte
	failures int
	last     time.Time
}

// NewLimiter returns an empty Limiter. The error wraps ErrInvalidConfig
// when cfg has Free < 0, Base ≤ 0, Max < Base, Forget ≤ Max or Keys < 1.
func NewLimiter(cfg LimiterConfig) (*Limiter, error) {
	switch {
	case cfg.Free < 0:
		return nil, fmt.Errorf("new limiter: %w: Free %d < 0", ErrInvalidConfig, cfg.Free)
	case cfg.Base <= 0:
		return nil, fmt.Errorf("new limiter: %w: Base %v ≤ 0", ErrInvalidConfig, cfg.Base)
	case cfg.Max < cfg.Base:
		return nil, fmt.Errorf("new limiter: %w: Max %v < Base %v", ErrInvalidConfig, cfg.Max, cfg.Base)
	case cfg.Forget <= cfg.Max:
		return nil, fmt.Errorf("new limiter: %w: Forget %v ≤ Max %v", ErrInvalidConfig, cfg.Forget, cfg.Max)
	case cfg.Keys < 1:
		return nil, fmt.Errorf("new limiter: %w: Keys %d < 1", ErrInvalidConfig, cfg.Keys)
	}
	return &Limiter{cfg: cfg, entries: make(map[[32]byte]*list.Element), order: list.New()}, nil
}

// ErrInvalidConfig reports a LimiterConfig that NewLimiter refuses.
var ErrInvalidConfig = errors.New("invalid limiter config")

// wait returns the delay owed after f failures.
func (l *Limiter) wait(f int) time.Duration {
	if f <= l.cfg.Free {
		return 0
	}
	d := l.cfg.Base
	for i := l.cfg.Free + 1; i < f && d < l.cfg.Max && d <= math.MaxInt64/2; i++ {
		d *= 2
	}
	return min(d, l.cfg.Max)
}

// lookup returns key's live entry, dropping it when forgotten. l.mu is held.
func (l *Limiter) lookup(k [32]byte, now time.Time) *list.Element {
	el, ok := l.entries[k]
	if !ok {
		return nil
	}
	if now.Sub(el.Value.(*limiterEntry).last) >= l.cfg.Forget {
		l.order.Remove(el)
		delete(l.entries, k)
		return nil
	}
	return el
}

// Check returns how long key must still wait at time now before its next
// attempt, or 0 when it may try now. It changes no count. If now is before
// the last failure (a clock stepped back), the wait is at most the full
// delay owed, never more.
func (l *Limiter) Check(key string, now time.Time) (retryAfter time.Duration) {
	k := sha256.Sum256([]byte(key))
	l.mu.Lock()
	defer l.mu.Unlock()
	el := l.lookup(k, now)
	if el == nil {
		return 0
	}
	e := el.Value.(*limiterEntry)
	d := l.wait(e.failures)
	return max(0, min(d, e.last.Add(d).Sub(now)))
}

// Failed records a failed attempt on key at time now. When the Limiter is
// full, it first drops the key whose last failure is oldest.
func (l *Limiter) Failed(key string, now time.Time) {
	k := sha256.Sum256([]byte(key))
	l.mu.Lock()
	defer l.mu.Unlock()
	el := l.lookup(k, now)
	if el == nil {
		for l.order.Len() >= l.cfg.Keys {
			oldest := l.order.Back()
			delete(l.entries, oldest.Value.(*limiterEntry).key)
			l.order.Remove(oldest)
		}
		el = l.order.PushFront(&limiterEntry{key: k})
		l.entries[k] = el
	} else {
		l.order.MoveToFront(el)
	}
	e := el.Value.(*limiterEntry)
	if e.failures <= l.cfg.Free+maxDoublings {
		e.failures++
	}
	e.last = now
}

// Succeeded forgets key: its next failure starts a fresh count.
func (l *Limiter) Succeeded(key string) {
	k := sha256.Sum256([]byte(key))
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.entries[k]; ok {
		l.order.Remove(el)
		delete(l.entries, k)
	}
}

// Len returns how many keys the Limiter remembers, forgotten ones that were
// not yet looked at included.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}
