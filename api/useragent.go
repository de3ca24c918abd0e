package api

import "strings"

// uaBrowsers and uaSystems are the User-Agent tokens that name a browser or a system, in
// the order they are looked for: many browsers also claim to be Chrome
// or Safari, so the more specific come first.
var (
	uaBrowsers = []struct{ token, name string }{
		{"Edg", "Edge"}, {"OPR/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"}, {"FxiOS/", "Firefox"},
		{"Firefox/", "Firefox"}, {"CriOS/", "Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	}
	uaSystems = []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"CrOS", "ChromeOS"},
		{"Windows", "Windows"}, {"Macintosh", "macOS"}, {"Linux", "Linux"},
	}
)

// browserName summarises a User-Agent for people, such as "Chrome on
// Android" or "Safari on iPhone"; what it cannot tell is left out.
func browserName(ua string) string {
	browser, system := firstMark(ua, uaBrowsers), firstMark(ua, uaSystems)
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return "A browser on " + system
	}
	return "An unknown browser"
}

func firstMark(ua string, marks []struct{ token, name string }) string {
	for _, m := range marks {
		if strings.Contains(ua, m.token) {
			return m.name
		}
	}
	return ""
}
