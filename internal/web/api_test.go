package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

// TestOpenAPI keeps /api/v1/openapi.json and the API's routes in step:
// every route is described, every described path is a route, and each
// operation says how it authenticates and answers errors.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Security  []map[string][]string      `json:"security"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q; want 3.x", doc.OpenAPI)
	}
	srv := &Server{}
	var routes, described []string
	for _, rt := range srv.APIRoutes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		routes = append(routes, strings.ToLower(method)+" "+path)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			described = append(described, method+" "+path)
			if len(op.Security) == 0 {
				t.Errorf("%s %s: no security", method, path)
			}
			for _, code := range []string{"200", "401", "403"} {
				if _, ok := op.Responses[code]; !ok {
					t.Errorf("%s %s: no %s response", method, path, code)
				}
			}
		}
	}
	slices.Sort(routes)
	slices.Sort(described)
	if !slices.Equal(routes, described) {
		t.Errorf("API routes and OpenAPI paths differ:\nroutes    %v\ndescribed %v", routes, described)
	}
}

// apiDo sends a request with an optional bearer token and decodes the
// JSON answer.
func apiDo(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Vigie-Purpose", "testing the JSON API") // TestAPIPurpose goes without
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q", method, url, ct)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %q", method, url, resp.StatusCode, b)
	}
	return resp.StatusCode, v
}

// tokenFor makes an API token for the account name.
func tokenFor(t *testing.T, st *store.Store, name string) string {
	t.Helper()
	u, err := st.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	token, digest := auth.NewToken()
	if err := st.AddAPIToken(context.Background(), digest, u.ID, "test"); err != nil {
		t.Fatal(err)
	}
	return token
}

// TestAPI calls every endpoint with a token of each role, without one and
// with a bad one, and checks what the investigator's calls return.
func TestAPI(t *testing.T) {
	ts, st := testServer(t)
	tokens := map[string]string{"none": "", "bad": strings.Repeat("A", 43)}
	for _, r := range auth.Roles() {
		tokens[r.String()] = tokenFor(t, st, r.String())
	}
	paths := map[string]string{
		"GET /api/v1/search": "/api/v1/search?q=zuwara", "GET /api/v1/documents/{id}": "/api/v1/documents/post-1",
		"GET /api/v1/entities/{kind}/{value}": "/api/v1/entities/telegram/agency_jobs", "GET /api/v1/networks": "/api/v1/networks",
		"GET /api/v1/networks/{id}": "/api/v1/networks/2", "GET /api/v1/statistics": "/api/v1/statistics",
		"POST /api/v1/analyze": "/api/v1/analyze",
	}
	srv := ts.Config.Handler.(*Server)
	for _, rt := range srv.APIRoutes() {
		method, _, _ := strings.Cut(rt.pattern, " ")
		path, ok := paths[rt.pattern]
		if !ok {
			t.Fatalf("no test path for %s", rt.pattern)
		}
		for who, tok := range tokens {
			body := ""
			if method == "POST" {
				body = `{"text": "Passage Zuwara vers Lampedusa, 2500 euros par personne"}`
			}
			code, v := apiDo(t, method, ts.URL+path, tok, body)
			want := http.StatusOK
			switch who {
			case "none", "bad":
				want = http.StatusUnauthorized
			default:
				role, _ := auth.ParseRole(who)
				if !role.Can(auth.UseAPI) || !role.Can(rt.need) {
					want = http.StatusForbidden
				}
			}
			if code != want {
				t.Errorf("%s %s as %s: %d %v; want %d", method, path, who, code, v, want)
			}
		}
	}
	tok := tokens["investigator"]
	_, v := apiDo(t, "GET", ts.URL+"/api/v1/documents/post-1", tok, "")
	if inds, _ := v["indicators"].([]any); len(inds) == 0 || v["text"] == "" {
		t.Errorf("document: %v", v)
	}
	_, v = apiDo(t, "GET", ts.URL+"/api/v1/entities/telegram/agency_jobs", tok, "")
	if v["documents"] != 2.0 {
		t.Errorf("entity: %v", v)
	}
	_, v = apiDo(t, "POST", ts.URL+"/api/v1/analyze", tok, `{"text": "Passage Zuwara vers Lampedusa, 2500 euros par personne, paiement après l'arrivée"}`)
	if cats, _ := v["categories"].([]any); len(cats) == 0 {
		t.Errorf("analyze: %v", v)
	}
	for _, bad := range []struct{ method, path, body string }{
		{"GET", "/api/v1/search", ""},
		{"GET", "/api/v1/search?q=phone:12", ""},
		{"GET", "/api/v1/search?q=x&limit=0", ""},
		{"GET", "/api/v1/networks?min_size=1", ""},
		{"POST", "/api/v1/analyze", `{"text": ""}`},
		{"POST", "/api/v1/analyze", `{"txt": "x"}`},
		{"POST", "/api/v1/analyze", `not json`},
	} {
		if code, v := apiDo(t, bad.method, ts.URL+bad.path, tok, bad.body); code != 400 || v["error"] == "" {
			t.Errorf("%s %s %q: %d %v; want 400 with an error", bad.method, bad.path, bad.body, code, v)
		}
	}
	for _, path := range []string{"/api/v1/documents/nope", "/api/v1/networks/999", "/api/v1/nowhere", "/api/v2/search"} {
		if code, _ := apiDo(t, "GET", ts.URL+path, tok, ""); code != 404 {
			t.Errorf("GET %s: %d; want 404", path, code)
		}
	}
	// The description is served, to anyone.
	resp, err := http.Get(ts.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("openapi.json: %d", resp.StatusCode)
	}
}

// TestAPIPurpose: reading a document, a contact or a network through the
// API needs a stated purpose, as the pages do.
func TestAPIPurpose(t *testing.T) {
	ts, st := testServer(t)
	token := tokenFor(t, st, "investigator")
	for _, path := range []string{"/api/v1/documents/post-1", "/api/v1/entities/telegram/agency_jobs", "/api/v1/networks/2"} {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), "Vigie-Purpose") {
			t.Errorf("%s without a purpose: %d %s", path, resp.StatusCode, b)
		}
		for _, q := range []string{"?purpose=checking+a+tip+from+an+inspector", "?case=1"} {
			if code, _ := apiDo(t, "GET", ts.URL+path+q, token, ""); code != 200 {
				t.Errorf("%s%s: %d", path, q, code)
			}
		}
	}
}
