package auth

import (
	"errors"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// t0 is the fake clock's origin; tests add durations to it.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func newTestLimiter(t *testing.T, cfg LimiterConfig) *Limiter {
	t.Helper()
	l, err := NewLimiter(cfg)
	if err != nil {
		t.Fatalf("NewLimiter(%+v): %v", cfg, err)
	}
	return l
}

func TestLimiterSchedule(t *testing.T) {
	l := newTestLimiter(t, DefaultLimiterConfig())
	// Wait owed right after the n-th failure (index n-1).
	want := []time.Duration{
		0, 0, 0, 0, 0, // 1st to 5th: free
		1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second,
		32 * time.Second, 64 * time.Second, 128 * time.Second, 256 * time.Second, 512 * time.Second,
		15 * time.Minute, 15 * time.Minute, 15 * time.Minute, // 16th on: capped
	}
	now := t0
	for i, w := range want {
		if got := l.Check("bob", now); got != 0 {
			t.Fatalf("Check before failure %d = %v; want 0 (previous wait sat out)", i+1, got)
		}
		l.Failed("bob", now)
		if got := l.Check("bob", now); got != w {
			t.Errorf("Check right after failure %d = %v; want %v", i+1, got, w)
		}
		now = now.Add(w)
	}
	// A thousand more failures stay at the cap.
	for range 1000 {
		l.Failed("bob", now)
	}
	if got := l.Check("bob", now); got != 15*time.Minute {
		t.Errorf("Check after 1018 failures = %v; want 15m0s", got)
	}
}

func TestLimiterWaitCountsDown(t *testing.T) {
	l := newTestLimiter(t, LimiterConfig{Free: 0, Base: 4 * time.Second, Max: time.Minute, Forget: time.Hour, Keys: 10})
	l.Failed("10.0.0.1", t0)
	tests := []struct {
		name  string
		after time.Duration
		want  time.Duration
	}{
		{"at failure", 0, 4 * time.Second},
		{"1s later", time.Second, 3 * time.Second},
		{"3.5s later", 3500 * time.Millisecond, 500 * time.Millisecond},
		{"exactly at end", 4 * time.Second, 0},
		{"long after", 50 * time.Minute, 0},
		{"clock stepped back", -time.Hour, 4 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := l.Check("10.0.0.1", t0.Add(tc.after)); got != tc.want {
				t.Errorf("Check(t0%+v) = %v; want %v", tc.after, got, tc.want)
			}
		})
	}
}

func TestLimiterSucceededAndKeys(t *testing.T) {
	l := newTestLimiter(t, LimiterConfig{Free: 1, Base: time.Second, Max: time.Minute, Forget: time.Hour, Keys: 10})
	l.Failed("alice", t0)
	l.Failed("alice", t0)
	l.Failed("10.0.0.1", t0)
	if got := l.Check("alice", t0); got != time.Second {
		t.Errorf("Check(alice) after 2 failures = %v; want 1s", got)
	}
	if got := l.Check("10.0.0.1", t0); got != 0 {
		t.Errorf("Check(10.0.0.1) after 1 free failure = %v; want 0", got)
	}
	if got := l.Check("ALICE", t0); got != 0 {
		t.Errorf("Check(ALICE) = %v; want 0: keys are exact (the caller folds case)", got)
	}
	l.Succeeded("alice")
	if got := l.Check("alice", t0); got != 0 {
		t.Errorf("Check(alice) after Succeeded = %v; want 0", got)
	}
	l.Failed("alice", t0)
	if got := l.Check("alice", t0); got != 0 {
		t.Errorf("Check(alice) after Succeeded then 1 failure = %v; want 0 (fresh count)", got)
	}
	l.Succeeded("never-seen")
	if got := l.Len(); got != 2 {
		t.Errorf("Len() = %d; want 2", got)
	}
}

func TestLimiterForgets(t *testing.T) {
	cfg := LimiterConfig{Free: 0, Base: time.Second, Max: time.Minute, Forget: time.Hour, Keys: 10}
	l := newTestLimiter(t, cfg)
	for range 10 {
		l.Failed("eve", t0)
	}
	if got := l.Check("eve", t0.Add(59*time.Minute)); got != 0 {
		t.Errorf("Check 59m after = %v; want 0 (capped wait of 1m is over)", got)
	}
	// Still remembered just before Forget: one more failure owes the cap.
	l.Failed("eve", t0.Add(59*time.Minute))
	if got := l.Check("eve", t0.Add(59*time.Minute)); got != time.Minute {
		t.Errorf("Check after failure 11 = %v; want 1m0s", got)
	}
	// Forgotten an hour after the last failure: the count starts over.
	later := t0.Add(119 * time.Minute)
	if got := l.Check("eve", later); got != 0 {
		t.Errorf("Check 1h after last failure = %v; want 0", got)
	}
	if got := l.Len(); got != 0 {
		t.Errorf("Len() after Check on a forgotten key = %d; want 0", got)
	}
	l.Failed("eve", later)
	if got := l.Check("eve", later); got != time.Second {
		t.Errorf("Check after first failure of a fresh count = %v; want 1s", got)
	}
}

func TestLimiterEvictsOldest(t *testing.T) {
	l := newTestLimiter(t, LimiterConfig{Free: 0, Base: time.Minute, Max: time.Hour, Forget: 24 * time.Hour, Keys: 3})
	l.Failed("a", t0)
	l.Failed("b", t0.Add(time.Second))
	l.Failed("c", t0.Add(2*time.Second))
	l.Failed("a", t0.Add(3*time.Second)) // a is now the most recent
	l.Failed("d", t0.Add(4*time.Second)) // full: b, the oldest, goes
	now := t0.Add(5 * time.Second)
	for key, remembered := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if got := l.Check(key, now) > 0; got != remembered {
			t.Errorf("Check(%q) > 0 = %v; want %v", key, got, remembered)
		}
	}
	if got := l.Len(); got != 3 {
		t.Errorf("Len() = %d; want 3", got)
	}
}

func TestLimiterConcurrent(t *testing.T) {
	const workers, each = 8, 50
	l := newTestLimiter(t, LimiterConfig{Free: workers*each - 1, Base: time.Second, Max: time.Hour, Forget: 24 * time.Hour, Keys: 1000})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range each {
				l.Failed("shared", t0)
				l.Failed("own-"+strconv.Itoa(w), t0)
				l.Check("shared", t0)
				l.Succeeded("own-" + strconv.Itoa(w))
			}
		})
	}
	wg.Wait()
	// Exactly workers*each = Free+1 failures on "shared": Base is owed.
	if got := l.Check("shared", t0); got != time.Second {
		t.Errorf("Check(shared) after %d concurrent failures = %v; want 1s (no lost update)", workers*each, got)
	}
	if got := l.Len(); got != 1 {
		t.Errorf("Len() = %d; want 1", got)
	}
}

func TestLimiterHugeMaxNoOverflow(t *testing.T) {
	l := newTestLimiter(t, LimiterConfig{Free: 0, Base: time.Nanosecond, Max: 1<<63 - 2, Forget: 1<<63 - 1, Keys: 1})
	for range 200 {
		l.Failed("k", t0)
	}
	if got := l.Check("k", t0); got <= 0 {
		t.Errorf("Check after 200 failures with Max ~292y = %v; want positive", got)
	}
}

// The Limiter's memory is bounded by Keys, whatever the keys' length.
func TestLimiterMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("fills 100 000 keys (about 0.2 s); skipped in -short")
	}
	cfg := DefaultLimiterConfig()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l := newTestLimiter(t, cfg)
	long := string(make([]byte, 1000))
	for i := range cfg.Keys + cfg.Keys/2 {
		l.Failed(long+strconv.Itoa(i), t0)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if got := l.Len(); got != cfg.Keys {
		t.Errorf("Len() after %d distinct failures = %d; want %d", cfg.Keys+cfg.Keys/2, got, cfg.Keys)
	}
	perKey := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / int64(cfg.Keys)
	t.Logf("heap per remembered key: %d bytes", perKey)
	if perKey > 400 {
		t.Errorf("heap per remembered key = %d bytes; want at most 400 (keys are stored as digests)", perKey)
	}
	runtime.KeepAlive(l)
}

func TestNewLimiterRefuses(t *testing.T) {
	ok := DefaultLimiterConfig()
	tests := []struct {
		name   string
		modify func(*LimiterConfig)
	}{
		{"negative free", func(c *LimiterConfig) { c.Free = -1 }},
		{"zero base", func(c *LimiterConfig) { c.Base = 0 }},
		{"max below base", func(c *LimiterConfig) { c.Max = c.Base / 2 }},
		{"forget not above max", func(c *LimiterConfig) { c.Forget = c.Max }},
		{"no keys", func(c *LimiterConfig) { c.Keys = 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.modify(&cfg)
			if l, err := NewLimiter(cfg); !errors.Is(err, ErrInvalidConfig) || l != nil {
				t.Errorf("NewLimiter(%+v) = %v, %v; want nil, %v", cfg, l, err, ErrInvalidConfig)
			}
		})
	}
	if _, err := NewLimiter(ok); err != nil {
		t.Errorf("NewLimiter(DefaultLimiterConfig()) = %v; want nil", err)
	}
}

func BenchmarkLimiterFailedCheck(b *testing.B) {
	l, err := NewLimiter(DefaultLimiterConfig())
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "user-" + strconv.Itoa(i)
	}
	i := 0
	for b.Loop() {
		k := keys[i%len(keys)]
		l.Check(k, t0)
		l.Failed(k, t0)
		i++
	}
}
