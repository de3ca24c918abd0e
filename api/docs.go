package api

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
)

// docOp is one operation as the docs page shows it.
type docOp struct {
	ID, Method, Path, Summary, Description string
	Params                                 []docField
	Body                                   []docField
	Statuses                               []string
}

type docField struct {
	Name, In, Type, Doc string
	Required            bool
}

// showDocs renders the API reference from the same OpenAPI document that
// /api/v1/openapi.json serves, so the two cannot disagree.
func (s *Server) showDocs(c *fiber.Ctx) error {
	oapi := s.api.OpenAPI()
	return s.Pages.Render(c, fiber.StatusOK, "docs", "API documentation", map[string]any{
		"Title": oapi.Info.Title, "Description": oapi.Info.Description, "OpenAPI": oapi.OpenAPI, "Ops": s.docOps})
}

// docOperations lists the document's operations by path and method; the
// document is complete once routes are registered.
func (s *Server) docOperations() []docOp {
	oapi := s.api.OpenAPI()
	var ops []docOp
	for path, item := range oapi.Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PATCH": item.Patch, "PUT": item.Put, "DELETE": item.Delete} {
			if op != nil {
				ops = append(ops, newDocOp(oapi, method, path, op))
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		return ops[i].Path+ops[i].Method < ops[j].Path+ops[j].Method
	})
	return ops
}

func newDocOp(oapi *huma.OpenAPI, method, path string, op *huma.Operation) docOp {
	d := docOp{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary, Description: op.Description}
	for _, p := range op.Parameters {
		d.Params = append(d.Params, docField{Name: p.Name, In: p.In, Type: schemaType(oapi, p.Schema), Doc: p.Description})
	}
	if op.RequestBody != nil && op.RequestBody.Content["application/json"] != nil {
		body := resolve(oapi, op.RequestBody.Content["application/json"].Schema)
		for _, name := range sortedKeys(body.Properties) {
			prop := body.Properties[name]
			d.Body = append(d.Body, docField{Name: name, Type: schemaType(oapi, prop), Doc: prop.Description,
				Required: slices.Contains(body.Required, name)})
		}
	}
	d.Statuses = sortedKeys(op.Responses)
	return d
}

func resolve(oapi *huma.OpenAPI, s *huma.Schema) *huma.Schema {
	if s != nil && s.Ref != "" {
		return oapi.Components.Schemas.SchemaFromRef(s.Ref)
	}
	if s == nil {
		return &huma.Schema{}
	}
	return s
}

func schemaType(oapi *huma.OpenAPI, s *huma.Schema) string {
	s = resolve(oapi, s)
	t := s.Type
	if s.Items != nil {
		t = "array of " + schemaType(oapi, s.Items)
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			vals = append(vals, fmt.Sprint(v))
		}
		t += " (" + strings.Join(vals, ", ") + ")"
	}
	if s.Format != "" {
		t += ", " + s.Format
	}
	if t == "" {
		t = "object"
	}
	return t
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
