package mail_test

import (
	"strings"
	"testing"

	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
)

// TestSMTPBodyEncoding checks how the body goes on the wire: unencoded
// (8bit) where the server takes 8BITMIME and every line fits SMTP's limit,
// else quoted-printable; either way the buyer reads the same text.
func TestSMTPBodyEncoding(t *testing.T) {
	long := strings.Repeat("x", 1000)
	tests := []struct {
		name     string
		no8Bit   bool
		longLine bool
		want     string
	}{
		{"ServerTakes8Bit", false, false, "8bit"},
		{"ServerTakes7BitOnly", true, false, "quoted-printable"},
		{"LineTooLongFor8Bit", false, true, "quoted-printable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snk := mailtest.MustStart(t, mailtest.Options{No8BitMIME: tt.no8Bit})
			m := testMessage(t, "buyer@example.org") // German: non-ASCII text
			if tt.longLine {
				m.HTML += "<p>" + long + "</p>\n"
			}
			s := mustNewSMTP(t, snk.URL("smtp", ""), mail.SMTPOptions{})
			mustSend(t, s, m)
			mustSend(t, s, m) // again on the same connection, used a moment ago
			msgs := snk.Snapshot().Messages
			if len(msgs) != 2 {
				t.Fatalf("sink received %d messages, want 2", len(msgs))
			}
			for _, msg := range msgs {
				raw := string(msg.Data)
				if got := strings.Count(raw, "Content-Transfer-Encoding: "+tt.want+"\r\n"); got != 2 {
					t.Errorf("%d parts with Content-Transfer-Encoding %s, want 2:\n%.600s", got, tt.want, raw)
				}
				p := mailtest.MustParse(t, msg.Data)
				link := "https://trust.example.com/s/sTOKEN-abc_123?understood="
				assertContains(t, "text part", p.Text, link+"1", link+"5", "Guten Tag Jane Doe,")
				assertContains(t, "html part", p.HTML, link+"1", link+"5", "Gespräch mit Ann", "<table")
				if tt.longLine {
					assertContains(t, "html part", p.HTML, "<p>"+long+"</p>")
				}
			}
		})
	}
}
