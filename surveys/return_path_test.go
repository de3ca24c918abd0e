package surveys

import "testing"

// Only a page of the web app on this site is a place to return to.
func TestReturnPath(t *testing.T) {
	for raw, want := range map[string]string{
		"/app/alerts/7":             "/app/alerts/7",
		"/app/alerts?status=open":   "/app/alerts?status=open",
		"/app/reps/3#answers":       "/app/reps/3",
		"":                          "",
		"/app":                      "",
		"/signin":                   "",
		"https://evil.test/app/x":   "",
		"//evil.test/app/":          "",
		"///evil.test":              "",
		"/\\evil.test":              "",
		"/app/\\\\evil.test":        "",
		"/app/%5Cevil.test":         "",
		"/app/../signout":           "",
		"/app/%2e%2e/admin":         "",
		"app/alerts":                "",
		"javascript:alert(1)":       "",
		"/app/x\r\nSet-Cookie: a=b": "",
		"/app/x\tz":                 "",
		" /app/alerts":              "",
	} {
		if got := ReturnPath(raw); got != want {
			t.Errorf("ReturnPath(%q) = %q, want %q", raw, got, want)
		}
	}
}
