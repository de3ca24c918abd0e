package api_test

import (
	"context"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
)

// alertWorld is the rep's-page org with one low answer: Zoë's buyer
// answered understood at 1 and recommend at 3 with a hostile comment,
// which opened an alert for Sales' leader; Dima's buyer was content.
type alertWorld struct {
	*repWorld
	alert *surveys.Alert
}

// mustAlertWorld builds an alert world on a new server of driver.
func mustAlertWorld(t *testing.T, driver string) *alertWorld {
	t.Helper()
	env := apitest.MustStart(t, driver)
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	w := &alertWorld{repWorld: &repWorld{env: env, tokens: map[string]string{}}}
	w.mustUser(t, ctx, "admin", surveys.RoleAdmin, 0)
	w.sales = mustCreateTeam(t, ctx, env, "Sales", w.mustUser(t, ctx, "leader", surveys.RoleLeader, 0))
	w.other = mustCreateTeam(t, ctx, env, "Other", w.mustUser(t, ctx, "otherLeader", surveys.RoleLeader, 0))
	w.zoe = mustUpsertRep(t, ctx, env, "z", "Zoë Łukasiewicz", "Sales")
	w.dima = mustUpsertRep(t, ctx, env, "d", hostileName, "Other")
	w.mustUser(t, ctx, "zoe", surveys.RoleRep, w.zoe.ID)
	w.mustUser(t, ctx, "dima", surveys.RoleRep, w.dima.ID)
	w.tokens["stranger"] = mustStranger(t, env)
	now := time.Now().UTC()
	w.mustAnswer(t, env.Services, now, "low", repAnswer{rep: "z", buyer: unsharedBuyer, comment: hostileComment,
		ratings: map[string]int{surveys.QUnderstood: 1, surveys.QDiagnosed: 4, surveys.QRecommend: 3}})
	w.mustAnswer(t, env.Services, now, "fine", repAnswer{rep: "d", buyer: "Content buyer",
		ratings: map[string]int{surveys.QUnderstood: 5, surveys.QRecommend: 10}})
	alerts, _, err := env.DB.FindAlerts(ctx, surveys.AlertFilter{OrgID: env.Org.ID, Page: surveys.Page{Limit: -1}})
	if err != nil || len(alerts) != 1 || alerts[0].RepID != w.zoe.ID {
		t.Fatalf("alerts = %v, %v; want Zoë's one", alerts, err)
	}
	w.alert = alerts[0]
	return w
}

// mustAnswerLow sends the survey of env's newest invitation and answers it
// with understood at 1, and returns the alert it opened.
func mustAnswerLow(t *testing.T, env *apitest.Env) *surveys.Alert {
	t.Helper()
	ctx := context.Background()
	invs, _, err := env.DB.FindInvitations(ctx, surveys.InvitationFilter{OrgID: env.Org.ID, Page: surveys.Page{Limit: 1}})
	if err != nil || len(invs) != 1 {
		t.Fatalf("newest invitation: %v, %v", invs, err)
	}
	env.MustSend(t, invs[0].ID)
	token := surveys.InvitationToken(env.Org.Secret, invs[0].ID)
	r, err := env.Services.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{surveys.QUnderstood: 1}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := env.DB.FindAlertByResponse(ctx, env.Org.ID, r.ID)
	if err != nil {
		t.Fatalf("the alert of a low answer: %v", err)
	}
	return a
}

// mustAlertOf returns the id of the newest alert on rep's feedback.
func mustAlertOf(t *testing.T, env *apitest.Env, rep int64) int64 {
	t.Helper()
	alerts, _, err := env.DB.FindAlerts(context.Background(), surveys.AlertFilter{OrgID: env.Org.ID, RepIDs: []int64{rep}, Page: surveys.Page{Limit: 1}})
	if err != nil || len(alerts) != 1 {
		t.Fatalf("rep %d's alerts: %v, %v", rep, alerts, err)
	}
	return alerts[0].ID
}
