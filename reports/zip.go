package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"iter"
	"runtime"
	"strings"
	"time"
	"unicode"

	"trustcard/surveys"
)

// drawn is one card drawn into memory, waiting its turn in the ZIP.
type drawn struct {
	name     string
	modified time.Time
	pdf      chan []byte
	err      chan error
}

// Zip writes one PDF card per rep into a ZIP on w, in the order the cards
// come. Cards are drawn on every core, a few ahead of the writer, so
// memory stays flat however many there are. What goes to w goes in
// pieces of zipBuffer bytes, a few cards each, not a few KB at a time: a
// connection takes a system call a write. It stops at the first error.
func Zip(w io.Writer, cards iter.Seq2[*surveys.RepCard, error]) error {
	ahead := runtime.GOMAXPROCS(0)
	queue, stop := make(chan *drawn, ahead), make(chan struct{})
	defer close(stop)
	go drawAll(cards, queue, stop, ahead)
	out := bufio.NewWriterSize(w, zipBuffer)
	z := zip.NewWriter(out)
	for d := range queue {
		select {
		case err := <-d.err:
			return err
		case pdf := <-d.pdf:
			f, err := z.CreateHeader(&zip.FileHeader{Name: d.name, Method: zip.Store, Modified: d.modified})
			if err != nil {
				return fmt.Errorf("reports: zip: %w", err)
			}
			if _, err := f.Write(pdf); err != nil {
				return fmt.Errorf("reports: zip: %w", err)
			}
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	return out.Flush()
}

// zipBuffer is how much of a ZIP Zip gathers before it writes to w.
const zipBuffer = 128 << 10

// drawAll draws each card in its own goroutine, at most ahead at once,
// queueing them in order; it gives up when stop closes.
func drawAll(cards iter.Seq2[*surveys.RepCard, error], queue chan<- *drawn, stop <-chan struct{}, ahead int) {
	defer close(queue)
	slots := make(chan struct{}, ahead)
	for c, err := range cards {
		d := &drawn{pdf: make(chan []byte, 1), err: make(chan error, 1)}
		if err != nil {
			d.err <- err
		} else {
			d.name, d.modified = CardName(c), c.Window.To
			slots <- struct{}{}
			go func() {
				defer func() { <-slots }()
				var buf bytes.Buffer
				if err := RepCard(&buf, c); err != nil {
					d.err <- fmt.Errorf("reports: card of rep %d: %w", c.Detail.Rep.ID, err)
					return
				}
				d.pdf <- buf.Bytes()
			}()
		}
		select {
		case queue <- d:
		case <-stop:
			return
		}
		if err != nil {
			return
		}
	}
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
