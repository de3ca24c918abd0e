package surveys

import (
	"context"
	"time"
)

// Team is a group of reps led by zero or more leaders; teams nest.
type Team struct {
	ID        int64
	OrgID     int64
	Name      string
	ParentID  int64   // zero for a top-level team
	LeaderIDs []int64 // users who lead it (and its sub-teams)
	CreatedAt time.Time
}

// Validate checks the team's own fields.
func (t *Team) Validate() error {
	return checkText("name", &t.Name, 100, true, false)
}

// TeamUpdate changes a team; nil fields stay as they are.
type TeamUpdate struct {
	Name      *string
	ParentID  *int64 // zero makes it top-level
	LeaderIDs *[]int64
}

// TeamFilter selects teams.
type TeamFilter struct {
	OrgID int64
	IDs   []int64 // nil: any; empty: none
	Name  *string
	Page  Page
}

// TeamStore keeps teams and their leaders.
type TeamStore interface {
	// CreateTeam stores a team with its leaders. ECONFLICT on a duplicate name.
	CreateTeam(ctx context.Context, t *Team) error
	// FindTeams returns the matching teams ordered by name, and the total.
	FindTeams(ctx context.Context, f TeamFilter) ([]*Team, int, error)
	// UpdateTeam changes a team. ENOTFOUND, ECONFLICT.
	UpdateTeam(ctx context.Context, orgID, id int64, u TeamUpdate) (*Team, error)
}

// Descendants returns the ids of the teams under root (root included),
// given every team of the org.
func Descendants(all []*Team, root int64) []int64 {
	children := map[int64][]int64{}
	for _, t := range all {
		children[t.ParentID] = append(children[t.ParentID], t.ID)
	}
	out := []int64{root}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}
