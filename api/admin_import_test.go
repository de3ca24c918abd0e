package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// upload posts file as the form of an import page and returns the status
// and the Location (a preview's address) or the page.
func upload(t *testing.T, env *apitest.Env, c *http.Client, path string, file []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("csrf", csrfOf(t, env, c))
	part, _ := w.CreateFormFile("file", "people.csv")
	_, _ = part.Write(file)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, env.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(page)
}

// mustPreview uploads file and returns the preview page and the file's hash.
func mustPreview(t *testing.T, env *apitest.Env, c *http.Client, path string, file []byte) (page, hash string) {
	t.Helper()
	status, loc := upload(t, env, c, path, file)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, path+"?file=") {
		t.Fatalf("upload to %s = %d %s, want 303 to the preview", path, status, clip(loc))
	}
	hash = strings.TrimPrefix(loc, path+"?file=")
	status, page = visit(t, c, http.MethodGet, env.URL+loc, nil)
	if status != http.StatusOK {
		t.Fatalf("preview = %d\n%s", status, clip(page))
	}
	return page, hash
}

// confirm posts the confirmation of the file with hash.
func confirm(t *testing.T, env *apitest.Env, c *http.Client, path, hash string) (int, string) {
	t.Helper()
	return visit(t, c, http.MethodPost, env.URL+path+"/confirm", url.Values{"csrf": {csrfOf(t, env, c)}, "file": {hash}})
}

// repCount is how many reps the org has.
func repCount(t *testing.T, env *apitest.Env) int {
	t.Helper()
	_, n, err := env.Services.Directory.FindReps(apitest.AsAdmin(context.Background(), env.Org), surveys.RepFilter{Page: surveys.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func wantAll(t *testing.T, what, page string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(page, s) {
			t.Errorf("%s lacks %q\n%s", what, s, clip(page))
		}
	}
}

// A reps file with a byte-order mark, semicolons, a quoted line break and
// a quoted separator, whose bad rows are each named by the line they start
// on; nothing is written by the upload, the preview, nor a confirmation
// while a row has a problem; the fixed file writes every row at once.
func TestImportRepsOverHTTP(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			p := mustPeople(t, env) // Dima, r-dima, is the org's one rep
			ctx := apitest.AsAdmin(context.Background(), env.Org)
			if err := env.Services.Directory.CreateTeam(ctx, &surveys.Team{Name: "East"}); err != nil {
				t.Fatal(err)
			}
			bad := "\uFEFFExternal ID;Name;Email;Team\n" + // line 1
				"crm-1;\"Ng; Mai\";mai@acme.test;East\n" + // 2: fine, the separator quoted
				"crm-2;Will;not-an-address;\n" + // 3: bad email
				"crm-3;\"Two\nLines\";two@acme.test;\n" + // 4-5: a line break in a name
				"crm-1;Mai again;mai2@acme.test;\n" + // 6: external id of line 2
				"crm-4;Taken;dima@acme.test;\n" + // 7: another rep's address
				"crm-5;Nowhere;nowhere@acme.test;West\n" + // 8: no such team
				"crm-6;Short\n" // 9: too few cells
			page, hash := mustPreview(t, env, p[asAdmin], "/app/admin/reps/import", []byte(bad))
			wantAll(t, "the preview", page, "Preview: nothing is saved yet", "Ng; Mai",
				"Line 3</strong> · <code>email</code>: must be an email address",
				"Line 4</strong> · <code>name</code>: must not contain control characters",
				"Line 6</strong> · <code>external_id</code>: &#34;crm-1&#34; is on line 2 too",
				"Line 7</strong> · <code>email</code>: dima@acme.test belongs to the rep with external id &#34;r-dima&#34;",
				"Line 8</strong> · <code>team</code>: no team is named &#34;West&#34;",
				"Line 9</strong>: 2 cells; the header has 4 columns", "6 rows have problems")
			if strings.Contains(page, "/confirm") {
				t.Error("a preview with problems offers to import")
			}
			if got, body := confirm(t, env, p[asAdmin], "/app/admin/reps/import", hash); got != http.StatusConflict || !strings.Contains(body, "Line 3") {
				t.Errorf("confirming a file with problems = %d, want 409 with the report\n%s", got, clip(body))
			}
			if n := repCount(t, env); n != 1 {
				t.Fatalf("after a refused file the org has %d reps, want 1: nothing may be written", n)
			}

			good := "\uFEFFexternal_id;name;email;team\ncrm-1;\"Ng; Mai\";mai@acme.test;East\nr-dima;Dima Renamed;dima@acme.test;\ncrm-3;Two;two@acme.test;\n"
			page, hash = mustPreview(t, env, p[asAdmin], "/app/admin/reps/import", []byte(good))
			wantAll(t, "the clean preview", page, "Import 3 rows", `name="file" value="`+hash+`"`, "<dt>New</dt><dd>2</dd>", "<dt>Changed</dt><dd>1</dd>")
			if n := repCount(t, env); n != 1 {
				t.Fatalf("after a preview the org has %d reps, want 1", n)
			}
			got, body := confirm(t, env, p[asAdmin], "/app/admin/reps/import", hash)
			if got != http.StatusSeeOther || !strings.Contains(body, "") {
				t.Fatalf("confirm = %d, want 303\n%s", got, clip(body))
			}
			reps, _, _ := env.Services.Directory.FindReps(ctx, surveys.RepFilter{Page: surveys.Page{Limit: -1}})
			names := map[string]string{}
			for _, r := range reps {
				names[r.ExternalID] = r.Name
			}
			if names["crm-1"] != "Ng; Mai" || names["r-dima"] != "Dima Renamed" || names["crm-3"] != "Two" || len(names) != 3 {
				t.Errorf("reps after the import: %v", names)
			}
			_, status := visit(t, p[asAdmin], http.MethodGet, env.URL+"/app/admin/reps/import?created=2&updated=1&unchanged=0", nil)
			wantAll(t, "the page after importing", status, "Imported: 2 created, 1 updated")
			entries, _, _ := env.Services.Directory.FindAuditEntries(ctx, surveys.AuditFilter{Page: surveys.Page{Limit: 50}})
			var actions []string
			for _, e := range entries {
				actions = append(actions, e.Action+" "+e.Detail)
			}
			wantAll(t, "the audit log", strings.Join(actions, "\n"), "rep.import 3 rows: 2 created, 1 updated, 0 unchanged",
				"rep.import.create crm-1", "rep.import.update r-dima")
		})
	}
}

// Confirming writes every row or none: a rep created between the preview
// and the confirmation with an address the file gives another rep makes
// the confirmation write nothing and show why.
func TestImportRepsAllOrNothing(t *testing.T) {
	env := apitest.MustStart(t, "postgres")
	p := mustPeople(t, env)
	file := "external_id,name,email\ncrm-1,Ann,ann@acme.test\ncrm-2,Bea,bea@acme.test\ncrm-3,Cy,cy@acme.test\n"
	_, hash := mustPreview(t, env, p[asAdmin], "/app/admin/reps/import", []byte(file))
	env.MustDo(t, http.MethodPost, "/api/v1/reps", env.MustKey(t), `{"external_id":"crm-9","name":"Cy Other","email":"cy@acme.test"}`, http.StatusCreated, nil)
	got, body := confirm(t, env, p[asAdmin], "/app/admin/reps/import", hash)
	if got != http.StatusConflict || !strings.Contains(body, "Line 4</strong> · <code>email</code>: cy@acme.test belongs to the rep with external id &#34;crm-9&#34;") {
		t.Errorf("confirm after a conflicting change = %d, want 409 naming line 4\n%s", got, clip(body))
	}
	if n := repCount(t, env); n != 2 {
		t.Errorf("the org has %d reps, want 2 (Dima and crm-9): the file's first rows must not be written", n)
	}
	if got, _ := confirm(t, env, p[asAdmin], "/app/admin/reps/import", strings.Repeat("ab", 32)); got != http.StatusNotFound {
		t.Errorf("confirming a file never uploaded = %d, want 404", got)
	}
}

// Files refused as a whole: too large, not UTF-8, without a header's
// required column.
func TestImportRefusesFiles(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	p := mustPeople(t, env)
	for _, tc := range []struct {
		name string
		file []byte
		want int
		says string
	}{
		{"TooLarge", bytes.Repeat([]byte("crm-1,Ann,ann@acme.test\n"), 3<<20/24+10), http.StatusRequestEntityTooLarge, "an import takes at most 3.0 MB"},
		{"Latin1", []byte("external_id,name,email\ncrm-1,Jos\xe9,jose@acme.test\n"), http.StatusUnprocessableEntity, "line 2 is not UTF-8 text"},
		{"NoEmailColumn", []byte("external_id,name\ncrm-1,Ann\n"), http.StatusUnprocessableEntity, "the header lacks the column email"},
		{"UnknownColumn", []byte("external_id,name,email,salary\n"), http.StatusUnprocessableEntity, "unknown column &#34;salary&#34;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, loc := upload(t, env, p[asAdmin], "/app/admin/reps/import", tc.file)
			page := loc
			if status == http.StatusSeeOther {
				status, page = visit(t, p[asAdmin], http.MethodGet, env.URL+loc, nil)
			}
			if status != tc.want || !strings.Contains(page, tc.says) {
				t.Errorf("= %d, want %d saying %q\n%s", status, tc.want, tc.says, clip(page))
			}
		})
	}
	if n := repCount(t, env); n != 1 {
		t.Errorf("the org has %d reps, want 1", n)
	}
}

// An interactions file goes through the API's rules: a bad field, an
// unknown rep, an external id twice, one recorded before with other
// fields are each named by line; the fixed file records every row with its
// survey scheduled as the API would, and one recorded before with the same
// fields is left as it is; confirming it again records nothing twice.
func TestImportInteractionsOverHTTP(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			p := mustPeople(t, env)
			key := env.MustKey(t)
			at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
			env.MustDo(t, http.MethodPost, "/api/v1/interactions", key, `{"external_id":"m-0","rep":"r-dima","buyer":{"email":"zoe@buyer.test"},"occurred_at":"`+at+`","kind":"call"}`, http.StatusCreated, nil)
			env.MustDo(t, http.MethodPost, "/api/v1/interactions", key, `{"external_id":"m-x","rep":"r-dima","buyer":{"email":"xia@buyer.test"},"occurred_at":"`+at+`","kind":"call"}`, http.StatusCreated, nil)
			head := "external_id;rep;buyer_email;buyer_name;buyer_company;buyer_locale;buyer_timezone;occurred_at;kind\n"
			bad := head +
				"m-1;r-dima;amy@buyer.test;Amy;\"Amy; Co\";de-AT;Europe/Vienna;" + at + ";meeting\n" + // 2: fine
				"m-2;r-dima;ben@buyer.test;;;;;" + at + ";lunch\n" + // 3: kind
				"m-3;nobody;cat@buyer.test;;;;;" + at + ";call\n" + // 4: rep
				"m-1;r-dima;dan@buyer.test;;;;;" + at + ";call\n" + // 5: twice
				"m-4;r-dima;eve@buyer.test;;;;;yesterday;call\n" + // 6: time
				"m-x;dima@acme.test;other@buyer.test;;;;;" + at + ";call\n" + // 7: recorded with other fields
				"m-0;r-dima;zoe@buyer.test;;;;;" + at + ";call\n" // 8: recorded before, the same
			page, hash := mustPreview(t, env, p[asAdmin], "/app/admin/interactions/import", []byte(bad))
			wantAll(t, "the preview", page, "Line 3</strong> · <code>kind</code>: must be one of",
				"Line 4</strong> · <code>rep</code>: no rep has the external id or email &#34;nobody&#34;",
				"Line 5</strong> · <code>external_id</code>: &#34;m-1&#34; is on line 2 too",
				"Line 6</strong> · <code>occurred_at</code>: must be a time such as",
				"Line 7</strong> · <code>external_id</code>: &#34;m-x&#34; was recorded before with other fields")
			if got, _ := confirm(t, env, p[asAdmin], "/app/admin/interactions/import", hash); got != http.StatusConflict {
				t.Errorf("confirming a file with problems = %d, want 409", got)
			}
			if n := env.MustTotal(t, "/api/v1/invitations", key); n != 2 {
				t.Fatalf("%d invitations after a refused file, want the 2 posted", n)
			}
			good := head + "m-1;r-dima;amy@buyer.test;Amy;\"Amy; Co\";de-AT;Europe/Vienna;" + at + ";meeting\n" +
				"m-2;dima@acme.test;ben@buyer.test;;;;;" + at + ";demo\n" + "m-0;r-dima;zoe@buyer.test;;;;;" + at + ";call\n"
			page, hash = mustPreview(t, env, p[asAdmin], "/app/admin/interactions/import", []byte(good))
			wantAll(t, "the clean preview", page, "Import 3 rows", "<dt>New</dt><dd>2</dd>", "<dt>Already as the file says</dt><dd>1</dd>")
			for range 2 {
				if got, body := confirm(t, env, p[asAdmin], "/app/admin/interactions/import", hash); got != http.StatusSeeOther {
					t.Fatalf("confirm = %d\n%s", got, clip(body))
				}
			}
			if n := env.MustTotal(t, "/api/v1/invitations", key); n != 4 {
				t.Errorf("%d invitations after importing twice, want 4: two imported once each", n)
			}
			if n := env.MustTotal(t, "/api/v1/invitations?status=scheduled", key); n != 4 {
				t.Errorf("%d scheduled invitations, want 4: imported ones are scheduled as posted ones are", n)
			}
			_, list := visit(t, p[asAdmin], http.MethodGet, env.URL+"/app/admin/interactions?q=amy", nil)
			wantAll(t, "the search for amy", list, "1 interaction matching", "amy@buyer.test", "m-1", "scheduled")
		})
	}
}

// Ten thousand reps in one file: previewed and imported over HTTP.
func TestImportTenThousandReps(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	p := mustPeople(t, env)
	page, hash := mustPreview(t, env, p[asAdmin], "/app/admin/reps/import", repsFile(surveys.MaxImportRows))
	wantAll(t, "the preview", page, "Import 10000 rows")
	if got, body := confirm(t, env, p[asAdmin], "/app/admin/reps/import", hash); got != http.StatusSeeOther {
		t.Fatalf("confirm = %d\n%s", got, clip(body))
	}
	if n := repCount(t, env); n != surveys.MaxImportRows+1 {
		t.Errorf("%d reps, want %d", n, surveys.MaxImportRows+1)
	}
	status, loc := upload(t, env, p[asAdmin], "/app/admin/reps/import", repsFile(surveys.MaxImportRows+1))
	if status == http.StatusSeeOther {
		status, loc = visit(t, p[asAdmin], http.MethodGet, env.URL+loc, nil)
	}
	if status != http.StatusUnprocessableEntity || !strings.Contains(loc, "more than 10000 rows") {
		t.Errorf("10,001 rows = %d, want 422 saying so\n%s", status, clip(loc))
	}
}

// repsFile is a reps file of n rows.
func repsFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("external_id,name,email\n")
	for i := range n {
		fmt.Fprintf(&b, "crm-%d,Rep %d,rep%d@acme.test\n", i, i, i)
	}
	return b.Bytes()
}
