package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// routeTable returns every /api/v1 operation registered in routes.go, as
// "METHOD /path" with the path as the OpenAPI document writes it. Reading
// the source keeps the tests in step with the table without a second list.
func routeTable(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, m := range regexp.MustCompile(`route\{http\.Method(\w+), "([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		ops = append(ops, strings.ToUpper(m[1])+" "+m[2])
	}
	if len(ops) < 20 {
		t.Fatalf("found %d routes in routes.go; has the table's shape changed?", len(ops))
	}
	return ops
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// openAPI is the part of the document the tests read.
type openAPI struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths map[string]map[string]operation `json:"paths"`
}

// operation is one operation of the document.
type operation struct {
	OperationID string                      `json:"operationId"`
	Parameters  []struct{ Name, In string } `json:"parameters"`
	Security    []map[string][]string       `json:"security"`
	Responses   map[string]any              `json:"responses"`
}

// has reports whether the operation declares parameter name in in.
func (op operation) has(name, in string) bool {
	return slices.ContainsFunc(op.Parameters, func(p struct{ Name, In string }) bool { return p.Name == name && p.In == in })
}

func mustOpenAPI(t *testing.T, env *apitest.Env) openAPI {
	t.Helper()
	var doc openAPI
	res := env.MustDo(t, http.MethodGet, "/api/v1/openapi.json", "", "", http.StatusOK, &doc)
	if !json.Valid(res.Body) {
		t.Fatalf("openapi.json is not valid JSON")
	}
	if !strings.Contains(string(res.Body), `"openapi":"3.`) {
		t.Errorf(`openapi.json lacks "openapi":"3.…"`)
	}
	return doc
}

// operations lists the document's operations as "METHOD /path".
func (d openAPI) operations() []string {
	var ops []string
	for path, item := range d.Paths {
		for method := range item {
			ops = append(ops, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

// queryParams are query parameters that operations take from a shared,
// embedded struct, which huma silently skips when its type is unexported.
var queryParams = map[string][]string{
	"list-reps": {"offset", "limit", "sort"}, "list-teams": {"offset", "limit"}, "list-invitations": {"offset", "limit"},
	"list-users": {"offset", "limit"}, "list-mail": {"offset", "limit"}, "list-audit": {"offset", "limit"},
	"list-rep-scores": {"from", "to", "offset", "limit", "sort"}, "list-responses": {"offset", "limit", "from", "to", "rep_id", "team_id"}, "get-rep-score": {"from", "to"}, "get-team-score": {"from", "to"}, "get-org-score": {"from", "to"},
}

func TestOpenAPI(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			doc := mustOpenAPI(t, env)
			if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Title != "Trustcard API" || doc.Info.Version != "test" {
				t.Errorf("openapi, title, version = %q, %q, %q; want 3.x, Trustcard API, test", doc.OpenAPI, doc.Info.Title, doc.Info.Version)
			}
			table, ops := routeTable(t), doc.operations()
			for _, op := range table {
				if !slices.Contains(ops, op) {
					t.Errorf("routes.go has %s; openapi.json does not", op)
				}
			}
			for _, op := range ops {
				if !slices.Contains(table, op) {
					t.Errorf("openapi.json has %s; routes.go does not", op)
				}
			}
			ids := map[string]bool{}
			for path, item := range doc.Paths {
				for method, op := range item {
					if op.OperationID == "" || ids[op.OperationID] {
						t.Errorf("%s %s: operationId %q is empty or repeated", method, path, op.OperationID)
					}
					ids[op.OperationID] = true
					if len(op.Security) != 1 || op.Security[0]["bearer"] == nil {
						t.Errorf("%s %s: security = %v, want bearer", method, path, op.Security)
					}
					for _, p := range pathParam.FindAllString(path, -1) {
						if name := strings.Trim(p, "{}"); !op.has(name, "path") {
							t.Errorf("%s %s: path parameter %s is not declared (an embedded unexported input struct?)", method, path, name)
						}
					}
					for _, name := range queryParams[op.OperationID] {
						if !op.has(name, "query") {
							t.Errorf("%s %s: query parameter %s is not declared (an embedded unexported input struct?)", method, path, name)
						}
					}
					for _, status := range []string{"401", "403", "422"} {
						if op.Responses[status] == nil {
							t.Errorf("%s %s: no %s response documented", method, path, status)
						}
					}
					if ok := fmt.Sprint(op.Responses["200"]); op.OperationID == "list-responses" &&
						(!strings.Contains(ok, "ResponseList") || !strings.Contains(ok, "text/csv")) {
						t.Errorf("%s %s: 200 = %s, want the ResponseList schema and text/csv", method, path, ok)
					}
				}
			}
		})
	}
}

func TestDocsPage(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			var paths []string
			for _, op := range routeTable(t) {
				_, path, _ := strings.Cut(op, " ")
				paths = append(paths, path)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ListsEveryPath", Method: "GET", Path: "/api/v1/docs", WantStatus: 200,
					WantContains:    append([]string{"<html", "Trustcard API", "/reps", "/settings", "Bearer"}, paths...),
					WantNotContains: []string{"<script src=\"http"}, // no CDN
					WantHeader:      map[string]string{"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'"}},
				{Name: "NeedsNoKey", Method: "GET", Path: "/api/v1/openapi.json", WantStatus: 200,
					WantContains: []string{`"openapi":"3.`, `"/reps/{id}"`, `"/settings"`}},
			})
		})
	}
}

// Every operation of the document refuses a request without a usable key,
// before it reads the body.
func TestEveryOperationNeedsAKey(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			l := api.DefaultLimits
			l.FailedCredentials = api.Rate{} // each operation gets a wrong key; TestGuessedAPIKeys counts them
			env := apitest.MustStartLimits(t, driver, l)
			admin := env.MustKey(t, surveys.ScopeManage)
			revoked := env.MustKey(t)
			env.MustDo(t, http.MethodDelete, "/api/v1/api-keys/"+strconv.FormatInt(keyID(t, env, admin, revoked), 10), admin, "", http.StatusNoContent, nil)
			var scenarios []apitest.Scenario
			for _, op := range mustOpenAPI(t, env).operations() {
				method, path, _ := strings.Cut(op, " ")
				path = "/api/v1" + pathParam.ReplaceAllString(path, "1")
				for _, k := range []struct{ name, key, want string }{
					{"NoKey", "", "Authorization: Bearer"},
					{"EmptyKey", " ", "Authorization: Bearer"},
					{"UnknownKey", "tck_unknown", "unknown or revoked"},
					{"RevokedKey", revoked, "unknown or revoked"},
				} {
					scenarios = append(scenarios, apitest.Scenario{Name: k.name + "_" + op, Method: method, Path: path, Key: k.key,
						Body: "{not json", WantStatus: 401, WantContains: []string{k.want}, WantHeader: map[string]string{
							"Content-Type": problem["Content-Type"], "WWW-Authenticate": `Bearer realm="trustcard"`}})
				}
			}
			apitest.Run(t, env, scenarios)
		})
	}
}
