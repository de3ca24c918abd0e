package api

import "trustcard/surveys"

type integrityBody struct {
	Exclude             []string `json:"exclude" doc:"Integrity flags that take a response out of the scores: own_domain, rep_signed_in, same_client, repeated_comment (default: own_domain and rep_signed_in); the others are shown, not excluded"`
	ExclusionCapPercent int      `json:"exclusion_cap_percent" doc:"At most this share of a rep's interactions in a calendar quarter (rounded down) may be excluded from surveying; 0–100, default 5"`
}

type integrityPatch struct {
	Exclude             *[]string `json:"exclude,omitempty" maxItems:"4"`
	ExclusionCapPercent *int      `json:"exclusion_cap_percent,omitempty"`
}

func newIntegrityBody(r surveys.IntegrityRules) integrityBody {
	return integrityBody{Exclude: nonNil(r.Exclude), ExclusionCapPercent: r.ExclusionCapPercent}
}

// applyIntegrity writes the named integrity settings onto s.
func (p *settingsPatch) applyIntegrity(s *surveys.Settings) {
	set(&s.OwnDomains, p.OwnDomains)
	if i := p.Integrity; i != nil {
		set(&s.Integrity.Exclude, i.Exclude)
		set(&s.Integrity.ExclusionCapPercent, i.ExclusionCapPercent)
	}
}

// excludedBody counts the responses the org's integrity rules took out of
// a rep's, team's or org's figures.
type excludedBody struct {
	Total    int64            `json:"total" doc:"Responses excluded from these figures (a response excluded for two reasons counts once)"`
	ByReason map[string]int64 `json:"by_reason" doc:"Excluded responses by each flag that excluded them: own_domain, rep_signed_in, same_client, repeated_comment (every flag present, 0 when none)"`
}

func newExcludedBody(e surveys.Excluded) excludedBody {
	b := excludedBody{Total: e.N, ByReason: map[string]int64{}}
	for _, f := range surveys.Flags {
		b.ByReason[f] = e.ByFlag[f]
	}
	return b
}
