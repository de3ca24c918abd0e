package api_test

import (
	"testing"

	"trustcard/api"
	"trustcard/surveys"
)

// A change is shown signed to one decimal, or as a dash without both
// scores, and is within noise unless both intervals exist and are apart.
func TestNewChange(t *testing.T) {
	cases := []struct {
		name       string
		cur, prev  surveys.Figures
		lang       string
		text, note string
		sign       int
		noise      bool
	}{
		{"UpWithinNoise", scored(12, 78.2, 70, 87), scored(10, 75, 66, 84), "en", "+3.2", "within noise", 1, true},
		{"DownBeyondNoise", scored(40, 61.5, 57, 66), scored(38, 74, 70, 78), "en", "−12.5", "", -1, false},
		{"UpBeyondNoise", scored(40, 74, 70, 78), scored(38, 61.5, 57, 66), "en", "+12.5", "", 1, false},
		{"TouchingIntervals", scored(40, 74, 70, 78), scored(38, 64, 60, 70), "en", "+10.0", "within noise", 1, true},
		{"NoScoreNow", surveys.Figures{}, scored(10, 75, 66, 84), "en", "—", "", 0, false},
		{"NoScoreBefore", scored(10, 75, 66, 84), surveys.Figures{}, "en", "—", "", 0, false},
		{"OneResponseNoInterval", scored(1, 90, 0, 0), scored(30, 60, 55, 65), "en", "+30.0", "within noise", 1, true},
		{"RoundsToNothing", scored(12, 75.04, 70, 80), scored(12, 75, 70, 80), "en", "±0.0", "within noise", 0, true},
		{"RoundsToNothingDown", scored(12, 74.96, 70, 80), scored(12, 75, 70, 80), "en", "±0.0", "within noise", 0, true},
		{"EqualAnswersApart", scored(5, 100, 100, 100), scored(5, 75, 75, 75), "en", "+25.0", "", 1, false},
		{"German", scored(12, 78.2, 70, 87), scored(10, 75, 66, 84), "de", "+3,2", "im Rauschen", 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := api.NewChange(c.cur, c.prev, c.lang)
			if got.Text != c.text || got.Note != c.note || got.Sign != c.sign || got.Noise != c.noise {
				t.Errorf("got %q %q sign %d noise %v; want %q %q sign %d noise %v",
					got.Text, got.Note, got.Sign, got.Noise, c.text, c.note, c.sign, c.noise)
			}
			if got.Has != (c.text != "—") {
				t.Errorf("Has %v for %q", got.Has, got.Text)
			}
		})
	}
}
