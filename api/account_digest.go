package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// digestPage is the view model of /app/account/digest: the signed-in
// leader's or admin's choice of digest email, as a form.
type digestPage struct {
	Frequencies []digestOption
	Hours       []digestOption
	Weekdays    []digestOption
	Languages   []digestOption
	TimeZone    string
	Next        string // when the next digest is due, in the chosen zone; "" when off
	Saved       bool
	Problem     string // why the last choice was refused
	Field       string // the form field it names
}

// digestOption is one choice of a select or radio group.
type digestOption struct {
	Value, Label string
	Selected     bool
}

// digestFrequencyLabels say what each frequency sends.
var digestFrequencyLabels = map[surveys.DigestFrequency]string{
	surveys.DigestOff:    "None",
	surveys.DigestDaily:  "Daily: the day before, every day",
	surveys.DigestWeekly: "Weekly: the week before, on the day chosen below",
}

// showDigest shows the form with the person's current choice.
func (s *Server) showDigest(c *fiber.Ctx) error {
	p, err := s.Digests.MyDigest(c.UserContext())
	if err != nil {
		return err
	}
	return renderRefused(s, c, fiber.StatusOK, "app_digest", "Your digest", "/app/account", newDigestPage(p, c.Query("saved") == "1"))
}

// saveDigest stores the choice sent from the form, or shows the form again
// with what is wrong (422), keeping what was entered.
func (s *Server) saveDigest(c *fiber.Ctx) error {
	p, err := parseDigestForm(c)
	if err == nil {
		_, err = s.Digests.ChooseDigest(c.UserContext(), p)
	}
	if err == nil {
		return c.Redirect("/app/account/digest?saved=1", fiber.StatusSeeOther)
	}
	r, status, ok := refusedBy(err)
	if !ok {
		return err
	}
	page := newDigestPage(&p, false)
	page.Problem, page.Field = errorText(err), r.Field
	return renderRefused(s, c, status, "app_digest", "Your digest", "/app/account", page)
}

// parseDigestForm reads the form's fields; EINVALID names a number that is
// not one. The domain checks the rest.
func parseDigestForm(c *fiber.Ctx) (surveys.DigestPrefs, error) {
	p := surveys.DigestPrefs{Frequency: surveys.DigestFrequency(strings.Clone(c.FormValue("frequency"))),
		TimeZone: strings.TrimSpace(strings.Clone(c.FormValue("time_zone"))), Language: strings.Clone(c.FormValue("language"))}
	hour, err := strconv.Atoi(c.FormValue("hour"))
	if err != nil {
		return p, surveys.Errorf(surveys.EINVALID, "hour", "must be a whole hour from 0 to 23")
	}
	day, err := strconv.Atoi(c.FormValue("weekday"))
	if err != nil {
		return p, surveys.Errorf(surveys.EINVALID, "weekday", "must be a day of the week, 0 (Sunday) to 6 (Saturday)")
	}
	p.Hour, p.Weekday = hour, time.Weekday(day)
	return p, nil
}

// newDigestPage builds the form for choice p.
func newDigestPage(p *surveys.DigestPrefs, saved bool) digestPage {
	v := digestPage{TimeZone: p.TimeZone, Saved: saved}
	for _, f := range surveys.DigestFrequencies {
		v.Frequencies = append(v.Frequencies, digestOption{Value: string(f), Label: digestFrequencyLabels[f], Selected: p.Frequency == f})
	}
	for h := range 24 {
		v.Hours = append(v.Hours, digestOption{Value: strconv.Itoa(h), Label: fmt.Sprintf("%02d:00", h), Selected: p.Hour == h})
	}
	for i := range 7 {
		d := time.Weekday((i + 1) % 7) // Monday first
		v.Weekdays = append(v.Weekdays, digestOption{Value: strconv.Itoa(int(d)), Label: d.String(), Selected: p.Weekday == d})
	}
	for _, lang := range catalog.Default.Languages() {
		v.Languages = append(v.Languages, digestOption{Value: lang, Label: catalog.Default.Text(lang, "language.name"), Selected: p.Language == lang})
	}
	if !p.NextAt.IsZero() {
		if loc, err := time.LoadLocation(p.TimeZone); err == nil {
			v.Next = p.NextAt.In(loc).Format("Monday 2 Jan 2006, 15:04 MST")
		}
	}
	return v
}
