package api

import (
	"strconv"
	"testing"
	"time"
)

// The limiter remembers at most maxLimitKeys keys, forgetting the least
// recently used: memory stays bounded however many addresses guess.
func TestKeyedLimiterForgetsLeastRecentlyUsed(t *testing.T) {
	k := newKeyedLimiter(PerMinute(2))
	now := time.Now()
	k.take("first", 2, now)
	k.take("kept", 2, now)
	for i := range maxLimitKeys - 2 {
		k.take(strconv.Itoa(i), 1, now)
	}
	k.take("kept", 0, now) // used again: now the most recent
	k.take("one more", 1, now)
	if got, want := k.len(), maxLimitKeys; got != want {
		t.Fatalf("keys remembered = %d, want %d", got, want)
	}
	if spent, _ := k.spent("kept", now); !spent {
		t.Errorf("a recently used key was forgotten")
	}
	if spent, q := k.spent("first", now); spent || q.Remaining != 2 {
		t.Errorf("the least recently used key: spent %v, %d remaining; want it forgotten, with its whole allowance", spent, q.Remaining)
	}
}

// A bucket says how long until one more passes and until it is whole.
func TestKeyedLimiterQuota(t *testing.T) {
	k := newKeyedLimiter(Rate{PerSecond: 2, Burst: 4})
	now := time.Now()
	if ok, q := k.take("a", 4, now); !ok || q.Remaining != 0 || q.Reset != 2*time.Second {
		t.Errorf("after 4 of 4: %v %+v, want 0 remaining, whole in 2s", ok, q)
	}
	if ok, q := k.take("a", 1, now); ok || q.Wait != 500*time.Millisecond {
		t.Errorf("the fifth: %v %+v, want refused, 500ms to wait", ok, q)
	}
	if ok, _ := k.take("a", 1, now.Add(500*time.Millisecond)); !ok {
		t.Errorf("half a second later one more should pass")
	}
	if ok, _ := newKeyedLimiter(Rate{}).take("a", 1000, now); !ok {
		t.Errorf("a zero rate should not limit")
	}
}
