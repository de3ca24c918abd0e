package api

import (
	"container/list"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is an allowance: Burst at once, regained at PerSecond. Zero
// PerSecond means no limit.
type Rate struct {
	PerSecond float64
	Burst     int
}

// PerMinute is an allowance of n at once, regained at n a minute.
func PerMinute(n int) Rate { return Rate{PerSecond: float64(n) / 60, Burst: n} }

// perMinute is what r regains a minute, for messages.
func (r Rate) perMinute() int { return int(r.PerSecond*60 + 0.5) }

// maxLimitKeys bounds the keys a keyedLimiter remembers. The least recently
// used is forgotten first; by then its bucket has usually refilled, so
// forgetting it gives away little.
const maxLimitKeys = 10000

// keyedLimiter is a token bucket (golang.org/x/time/rate) per key, such as
// an API key or a client address, in this process's memory.
type keyedLimiter struct {
	rate  Rate
	mu    sync.Mutex
	keys  map[string]*list.Element // of *keyedBucket
	order *list.List               // most recently used first
}

type keyedBucket struct {
	key string
	lim *rate.Limiter
}

func newKeyedLimiter(r Rate) *keyedLimiter {
	return &keyedLimiter{rate: r, keys: map[string]*list.Element{}, order: list.New()}
}

// quota is what a key has left: the figures of the RateLimit headers.
type quota struct {
	Limit     int           // the burst
	Remaining int           // requests that would pass now
	Reset     time.Duration // until the bucket is full again
	Wait      time.Duration // until one more would pass; zero when one would now
}

// take spends n of key's allowance if it has them, and reports whether it
// did and what is left. n over the burst is never allowed.
func (k *keyedLimiter) take(key string, n int, now time.Time) (bool, quota) {
	if k.rate.PerSecond == 0 {
		return true, quota{}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	lim := k.bucket(key)
	ok := lim.AllowN(now, n)
	return ok, k.quota(lim, n, now)
}

// spent reports whether key has no allowance left now, without spending.
func (k *keyedLimiter) spent(key string, now time.Time) (bool, quota) {
	if k.rate.PerSecond == 0 {
		return false, quota{}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	lim := k.bucket(key)
	q := k.quota(lim, 1, now)
	return q.Wait > 0, q
}

// bucket finds or makes key's bucket, marking it used. k.mu is held.
func (k *keyedLimiter) bucket(key string) *rate.Limiter {
	if e, ok := k.keys[key]; ok {
		k.order.MoveToFront(e)
		return e.Value.(*keyedBucket).lim
	}
	if k.order.Len() >= maxLimitKeys {
		oldest := k.order.Back()
		k.order.Remove(oldest)
		delete(k.keys, oldest.Value.(*keyedBucket).key)
	}
	b := &keyedBucket{key: key, lim: rate.NewLimiter(rate.Limit(k.rate.PerSecond), k.rate.Burst)}
	k.keys[key] = k.order.PushFront(b)
	return b.lim
}

// quota describes lim at now for a request of n. k.mu is held.
func (k *keyedLimiter) quota(lim *rate.Limiter, n int, now time.Time) quota {
	tokens := lim.TokensAt(now)
	q := quota{Limit: k.rate.Burst, Remaining: max(0, int(math.Floor(tokens)))}
	q.Reset = seconds((float64(k.rate.Burst) - tokens) / k.rate.PerSecond)
	if short := float64(n) - tokens; short > 0 {
		q.Wait = seconds(short / k.rate.PerSecond)
	}
	return q
}

// len is how many keys are remembered.
func (k *keyedLimiter) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.order.Len()
}

func seconds(s float64) time.Duration {
	if s <= 0 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// wholeSeconds rounds d up to whole seconds, at least one, for
// Retry-After and RateLimit-Reset.
func wholeSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
