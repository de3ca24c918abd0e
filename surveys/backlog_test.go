package surveys_test

import (
	"context"
	"testing"
	"time"

	"trustcard/surveys"
)

// dueJobs is a Store that only answers DueJobStats.
type dueJobs struct {
	surveys.Store
	due    int
	oldest time.Time
}

func (d dueJobs) DueJobStats(context.Context, time.Time) (int, time.Time, error) {
	return d.due, d.oldest, nil
}

// fixedClock is a surveys.Clock that stands still.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestBacklog(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		store dueJobs
		want  surveys.Backlog
	}{
		{"NothingDue", dueJobs{}, surveys.Backlog{}},
		{"OldestWaited", dueJobs{due: 3, oldest: now.Add(-90 * time.Second)}, surveys.Backlog{Due: 3, Oldest: 90 * time.Second}},
		{"DueThisInstant", dueJobs{due: 1, oldest: now}, surveys.Backlog{Due: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := surveys.New(tt.store, fixedClock(now)).Worker.Backlog(context.Background())
			if err != nil || got != tt.want {
				t.Errorf("Backlog = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}
