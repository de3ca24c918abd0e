package reports

import (
	"io"

	"trustcard/surveys"
)

// RepCardIn writes c as RepCard does, but drawn in the named cut of the
// font: "1252", "latin" or "full".
func RepCardIn(w io.Writer, c *surveys.RepCard, cut string) error {
	return drawRepCard(c, cuts[cut]).write(w)
}

// TeamReportIn is RepCardIn for a team report.
func TeamReportIn(w io.Writer, r *surveys.TeamReport, cut string) error {
	return drawTeamReport(r, cuts[cut]).write(w)
}

var cuts = map[string]face{"1252": ansiCut, "latin": latinFace, "full": fullFace}
