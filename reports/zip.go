package reports

import (
	"archive/zip"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode"

	"trustcard/surveys"
)

// Zip writes one PDF card per rep into a ZIP on w as the cards come, so
// memory stays flat however many there are. It stops at the first error.
func Zip(w io.Writer, cards iter.Seq2[*surveys.RepCard, error]) error {
	z := zip.NewWriter(w)
	for c, err := range cards {
		if err != nil {
			return err
		}
		f, err := z.CreateHeader(&zip.FileHeader{Name: CardName(c), Method: zip.Store, Modified: c.Window.To})
		if err != nil {
			return fmt.Errorf("reports: zip: %w", err)
		}
		if err := RepCard(f, c); err != nil {
			return fmt.Errorf("reports: card of rep %d: %w", c.Detail.Rep.ID, err)
		}
	}
	return z.Close()
}

// CardName is the file name of a rep's card: its id and name, in letters,
// digits and dashes.
func CardName(c *surveys.RepCard) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		case r == ' ' || r == '-' || r == '.':
			return '-'
		}
		return -1
	}, c.Detail.Rep.Name)
	return fmt.Sprintf("%05d-%s.pdf", c.Detail.Rep.ID, strings.Trim(name, "-"))
}
