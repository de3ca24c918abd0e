package api

import (
	"context"
	"strings"
	"time"

	"trustcard/surveys"
)

// repImport imports reps: created, or updated by external id.
var repImport = &importer{
	Kind: surveys.UploadReps, Title: "Import reps", Path: "/app/admin/reps/import", Noun: "reps",
	Columns: []importColumn{
		{"external_id", true, "Your CRM's id for the rep; a rep with that id already is updated"},
		{"name", true, "The rep's name, as buyers know them"},
		{"email", true, "The rep's work address; no two reps share one"},
		{"team", false, "The name of a team that exists; empty for none"},
	},
	Example: "external_id,name,email,team\n" +
		"crm-101,Will Adams,will@acme.example,East\n" +
		"crm-102,\"Ng, Mai\",mai@acme.example,\n",
	run: func(s *Server, ctx context.Context, recs []csvRecord, commit bool) (*surveys.ImportReport, error) {
		rows := make([]surveys.RepRow, len(recs))
		for i, r := range recs {
			c := r.Cells
			rows[i] = surveys.RepRow{Line: r.Line, RepInput: surveys.RepInput{ExternalID: c["external_id"], Name: c["name"],
				Email: c["email"], Team: c["team"], Active: true}}
		}
		return s.Directory.ImportReps(ctx, rows, commit)
	},
}

// interactionImport records interactions as POST /api/v1/interactions does.
var interactionImport = &importer{
	Kind: surveys.UploadInteractions, Title: "Import interactions", Path: "/app/admin/interactions/import", Noun: "interactions",
	Columns: []importColumn{
		{"external_id", true, "Your CRM's id for the interaction; one recorded before with the same fields is left as it is"},
		{"rep", true, "The rep's external id or email"},
		{"buyer_email", true, "Where the survey goes"},
		{"buyer_name", false, "The buyer's name"},
		{"buyer_company", false, "The buyer's company"},
		{"buyer_locale", false, "The buyer's language, such as de or de-AT; default en"},
		{"buyer_timezone", false, "An IANA time zone such as Europe/Berlin, for quiet hours"},
		{"occurred_at", true, "When it happened, RFC 3339: 2026-12-01T14:30:00Z or 2026-12-01T15:30:00+01:00"},
		{"kind", true, strings.Join(surveys.InteractionKinds, ", ")},
	},
	Example: "external_id,rep,buyer_email,buyer_name,buyer_company,buyer_locale,buyer_timezone,occurred_at,kind\n" +
		"mtg-9001,crm-101,jo@buyer.example,Jo Buyer,Buyer Ltd,de,Europe/Berlin,2026-12-01T14:30:00Z,meeting\n" +
		"mtg-9002,will@acme.example,sam@other.example,,,,,2026-12-02T09:00:00Z,call\n",
	run: func(s *Server, ctx context.Context, recs []csvRecord, commit bool) (*surveys.ImportReport, error) {
		var rows []surveys.InteractionRow
		var bad []surveys.ImportProblem
		for _, r := range recs {
			n, field, msg := interactionOfCells(r.Cells)
			if msg != "" {
				bad = append(bad, surveys.ImportProblem{Line: r.Line, Field: field, Message: msg})
				continue
			}
			rows = append(rows, surveys.InteractionRow{Line: r.Line, NewInteraction: n})
		}
		report, err := s.Delivery.ImportInteractions(ctx, rows, commit && len(bad) == 0)
		if err != nil {
			return nil, err
		}
		report.Rows += len(bad)
		report.Problems = append(report.Problems, bad...)
		return report, nil
	},
}

// interactionOfCells reads a row as the API reads its JSON body, or names
// the field it cannot read.
func interactionOfCells(c map[string]string) (n surveys.NewInteraction, field, msg string) {
	at, err := time.Parse(time.RFC3339, c["occurred_at"])
	if err != nil && c["occurred_at"] != "" {
		return n, "occurred_at", "must be a time such as 2026-12-01T14:30:00Z (RFC 3339)"
	}
	req := interactionRequest{ExternalID: c["external_id"], Rep: c["rep"], OccurredAt: at, Kind: c["kind"],
		Buyer: buyerBody{Email: c["buyer_email"], Name: c["buyer_name"], Company: c["buyer_company"],
			Locale: c["buyer_locale"], Timezone: c["buyer_timezone"]}}
	n, err = req.toDomain()
	if err != nil {
		field, msg = surveys.ErrorDetail(err)
	}
	return n, field, msg
}
