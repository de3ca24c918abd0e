package api_test

import (
	"bufio"
	"bytes"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// A small SVG logo with a script, event handlers and an outside image.
const hostileSVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 40" onload="alert(1)">
<script>alert(document.cookie)</script>
<rect width="120" height="40" fill="#1d4ed8" onclick="alert(2)"/>
<image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/>
</svg>`

// Who may upload, read and remove the logo: a key with manage; not a key
// without it, nor none; another org's key reaches only its own.
func TestLogoAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage, read := env.MustKey(t, surveys.ScopeManage), env.MustKey(t, surveys.ScopeRead)
			write, other := env.MustKey(t, surveys.ScopeInteractions), env.MustOtherOrgKey(t)
			svg := func(name, key string, status int) apitest.Scenario {
				return apitest.Scenario{Name: name, Method: "PUT", Path: "/api/v1/settings/logo", Key: key, Body: hostileSVG,
					ContentType: "image/svg+xml", WantStatus: status}
			}
			apitest.Run(t, env, []apitest.Scenario{
				svg("NoKeyCannotUpload", "", 401),
				svg("ReadKeyCannotUpload", read, 403),
				svg("InteractionsKeyCannotUpload", write, 403),
				{Name: "NothingYet", Method: "GET", Path: "/api/v1/settings/logo", Key: manage, WantStatus: 404},
				svg("ManageKeyUploads", manage, 200),
				{Name: "ManageKeyReads", Method: "GET", Path: "/api/v1/settings/logo", Key: manage, WantStatus: 200,
					WantHeader: map[string]string{"Content-Type": "image/png", "Content-Security-Policy": "sandbox"}},
				{Name: "NoKeyCannotRead", Method: "GET", Path: "/api/v1/settings/logo", WantStatus: 401},
				{Name: "ReadKeyCannotRead", Method: "GET", Path: "/api/v1/settings/logo", Key: read, WantStatus: 403},
				{Name: "OtherOrgHasNone", Method: "GET", Path: "/api/v1/settings/logo", Key: other, WantStatus: 404},
				{Name: "OtherOrgRemovesOnlyItsOwn", Method: "DELETE", Path: "/api/v1/settings/logo", Key: other, WantStatus: 204},
				{Name: "StillThere", Method: "GET", Path: "/api/v1/settings/logo", Key: manage, WantStatus: 200},
				{Name: "ReadKeyCannotRemove", Method: "DELETE", Path: "/api/v1/settings/logo", Key: read, WantStatus: 403},
				{Name: "NoKeyCannotRemove", Method: "DELETE", Path: "/api/v1/settings/logo", WantStatus: 401},
				{Name: "ManageKeyRemoves", Method: "DELETE", Path: "/api/v1/settings/logo", Key: manage, WantStatus: 204},
				{Name: "Gone", Method: "GET", Path: "/api/v1/settings/logo", Key: manage, WantStatus: 404},
			})
		})
	}
}

// Uploads are checked by what their bytes are: an SVG with a script is
// kept as the PNG it draws, which is what every address serves; a PNG that
// is really HTML is refused naming it; a file over 2 MB is refused, and a
// 20 MB one before it has been sent.
func TestLogoUploads(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t)
	upload := func(body, contentType string) apitest.Response {
		t.Helper()
		res, err := env.Send(apitest.Scenario{Method: "PUT", Path: "/api/v1/settings/logo", Key: key, Body: body, ContentType: contentType})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	t.Run("SVGWithScriptIsServedAsItsPNG", func(t *testing.T) {
		res := upload(hostileSVG, "image/svg+xml")
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"url":"/logo/`) {
			t.Fatalf("PUT = %d %s", res.Status, res.Body)
		}
		url := strings.TrimSuffix(strings.SplitAfter(string(res.Body), `"url":"`)[1], "\"")
		url = url[:strings.Index(url, `"`)]
		api := env.Do(t, "GET", "/api/v1/settings/logo", key, "")
		public := env.Do(t, "GET", url, "", "")
		for name, r := range map[string]apitest.Response{"API": api, "public": public} {
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(r.Header.Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("%s: %d %v", name, r.Status, r.Header)
			}
			for _, bad := range []string{"<svg", "script", "alert", "onload", "tracker.example"} {
				if bytes.Contains(r.Body, []byte(bad)) {
					t.Errorf("%s: what is served carries %q", name, bad)
				}
			}
			img, err := png.Decode(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatalf("%s: not a PNG: %v", name, err)
			}
			if r, g, b, _ := img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/2).RGBA(); r>>8 != 0x1d || g>>8 != 0x4e || b>>8 != 0xd8 {
				t.Errorf("%s: the middle is #%02x%02x%02x, want the SVG's #1d4ed8", name, r>>8, g>>8, b>>8)
			}
		}
		if !bytes.Equal(api.Body, public.Body) {
			t.Error("the API and the public address serve different images")
		}
	})
	t.Run("PNGThatIsHTML", func(t *testing.T) {
		res := upload("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "image/png")
		if res.Status != http.StatusUnsupportedMediaType || !strings.Contains(string(res.Body), "PNG or SVG") || !strings.Contains(string(res.Body), "HTML") {
			t.Errorf("PUT = %d %s, want 415 naming HTML", res.Status, res.Body)
		}
	})
	t.Run("DamagedPNG", func(t *testing.T) {
		res := upload("\x89PNG\r\n\x1a\n<html>", "image/png")
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "damaged") {
			t.Errorf("PUT = %d %s, want 422 saying it is damaged", res.Status, res.Body)
		}
	})
	t.Run("Over2MB", func(t *testing.T) {
		res := upload(strings.Repeat("x", 3<<20), "image/png")
		if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.Body), "at most 2 MB") {
			t.Errorf("PUT = %d %s, want 413 saying at most 2 MB", res.Status, res.Body)
		}
	})
	t.Run("TwentyMBRefusedBeforeItIsSent", func(t *testing.T) {
		status, sent := putUnsent(t, env, key, 20<<20)
		if status != http.StatusRequestEntityTooLarge {
			t.Errorf("status = %d, want 413", status)
		}
		if sent >= 20<<20 {
			t.Errorf("the answer came after all %d bytes were sent", sent)
		}
	})
	if got := env.Do(t, "GET", "/api/v1/settings/logo", key, ""); got.Status != http.StatusOK {
		t.Errorf("after the refusals the logo is %d, want the SVG's still", got.Status)
	}
}

// putUnsent announces a body of n bytes, sends the first 64 KB, and reads
// the answer: it returns the status and how much was sent when it came.
func putUnsent(t *testing.T, env *apitest.Env, key string, n int) (int, int) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(env.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	head := fmt.Sprintf("PUT /api/v1/settings/logo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n", key, n)
	chunk := make([]byte, 64<<10)
	if _, err := conn.Write(append([]byte(head), chunk...)); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer after %d bytes: %v", len(chunk), err)
	}
	res.Body.Close()
	return res.StatusCode, len(chunk)
}
