package api_test

import (
	"net/http"
	"slices"
	"testing"
)

// Rule 6 (boundaries win) on the performer's own screen: before deciding, a
// performer reads the flags about themself — computed when read against
// their current boundaries, in plain words — and never another performer's;
// the coordinator's flags stored at publish stay as they were.
func TestRule6BoundariesWinOnThePerformersOwnScreen(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := newWorld(t, s)
	A, B := w.PerformerA, w.PerformerB
	id := w.scene("61", []string{"touching"}, A, B)
	boundary := must(t, w.boundary(A, map[string]any{"kind": "no_contact", "areas": []string{"back"}}), http.StatusCreated).JSON(t)["id"].(string)
	must(t, w.boundary(B, map[string]any{"kind": "no_contact", "areas": []string{"chest"}}), http.StatusCreated)
	published := w.published(id, "v1",
		step("Hold", map[string]string{A.ID: "none", B.ID: "none"}, [][3]string{{A.ID, B.ID, "hands"}}, ""),
		step("Embrace", map[string]string{A.ID: "none", B.ID: "none"}, nil, ""),
		step("Lean", map[string]string{A.ID: "none", B.ID: "none"}, [][3]string{{B.ID, A.ID, "back"}, {A.ID, B.ID, "chest"}}, ""))
	stored, _ := flagsOf(published)
	if want := []string{"3/" + A.ID + "/boundary_conflict", "3/" + B.ID + "/boundary_conflict"}; !slices.Equal(stored, sortedCopy(want)) {
		t.Fatalf("the coordinator's flags %v, want %v", stored, want)
	}

	read := func(as account, path string) (map[string]any, []map[string]any) {
		t.Helper()
		c := must(t, w.do(as, "GET", "/api/v1/scenes/"+id+path, nil), http.StatusOK).JSON(t)
		raw, ok := c["flags"].([]any)
		if !ok {
			t.Fatalf("%s: no flags for a cast performer: %v", path, c)
		}
		var out []map[string]any
		for _, f := range raw {
			out = append(out, f.(map[string]any))
		}
		return c, out
	}
	for _, path := range []string{"/choreography", "/choreography/versions/1"} {
		_, flags := read(A, path)
		if len(flags) != 1 || flags[0]["userId"] != A.ID || flags[0]["step"] != float64(3) || flags[0]["code"] != "boundary_conflict" ||
			flags[0]["detail"] != "Step 3 touches a boundary you set: no contact, back" {
			t.Errorf("%s: A's flags %v, want only their own, in plain words", path, flags)
		}
		_, flags = read(B, path)
		if len(flags) != 1 || flags[0]["userId"] != B.ID || flags[0]["detail"] != "Step 3 touches a boundary you set: no contact, chest" {
			t.Errorf("%s: B's flags %v, want only their own", path, flags)
		}
	}

	// A decides knowing it; their own flag goes when their boundary does
	must(t, w.decide(A, id, 1, "confirmed", ""), http.StatusOK)
	must(t, w.do(A, "DELETE", "/api/v1/me/boundaries/"+boundary, nil), http.StatusNoContent)
	if _, flags := read(A, "/choreography"); len(flags) != 0 {
		t.Errorf("A's flags after removing the boundary: %v", flags)
	}
	// the coordinator's, stored at publish, stay; the producer gets none
	if got, _ := flagsOf(must(t, w.do(w.Coordinator, "GET", "/api/v1/scenes/"+id+"/choreography", nil), http.StatusOK).JSON(t)); !slices.Equal(got, stored) {
		t.Errorf("the coordinator's flags now %v, were %v", got, stored)
	}
	if c := must(t, w.do(w.Producer, "GET", "/api/v1/scenes/"+id+"/choreography", nil), http.StatusOK).JSON(t); c["flags"] != nil {
		t.Errorf("the producer sees flags: %v", c["flags"])
	}
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
