package reports

import (
	"io"

	"trustcard/surveys"
)

// RepCardIn writes c as RepCard does, but drawn in the Latin cut of the
// font (latin) or in the full font, whichever RepCard would choose.
func RepCardIn(w io.Writer, c *surveys.RepCard, latin bool) error {
	return drawRepCard(c, cut(latin)).write(w)
}

// TeamReportIn is RepCardIn for a team report.
func TeamReportIn(w io.Writer, r *surveys.TeamReport, latin bool) error {
	return drawTeamReport(r, cut(latin)).write(w)
}

func cut(latin bool) *face {
	if latin {
		return latinFace
	}
	return fullFace
}
