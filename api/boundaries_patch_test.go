package api_test

import (
	"net/http"
	"slices"
	"testing"
)

func (w *world) patchBoundary(as account, id string, body any) response {
	w.t.Helper()
	return w.do(as, "PATCH", "/api/v1/me/boundaries/"+id, body)
}

// TestUpdateBoundary: the owner changes any of a boundary's fields and gets
// it back as the list then shows it; the result is checked as a new boundary
// is (the fields its kind needs, a scene of theirs); a change of kind drops
// what the old kind needed; anyone else gets 404; nothing goes on the audit
// log (boundaries stay off it, as when created or deleted).
func TestUpdateBoundary(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A := w.PerformerA
	b := must(t, w.boundary(A, map[string]any{"kind": "no_contact", "areas": []string{"thighs"}}), http.StatusCreated).JSON(t)
	id := b["id"].(string)
	other := w.scene("77", []string{"kissing"}, w.PerformerB) // A is not cast
	auditBefore := len(w.auditActions())

	t.Run("Fields", func(t *testing.T) {
		w := w.in(t)
		got := must(t, w.patchBoundary(A, id, map[string]any{"areas": []string{"thighs", "neck"}, "note": " Ask first. "}), http.StatusOK).JSON(t)
		if !jsonEqual(t, got["areas"], []string{"thighs", "neck"}) || got["note"] != "Ask first." || got["kind"] != "no_contact" ||
			got["id"] != id || got["createdAt"] != b["createdAt"] || got["sceneId"] != nil {
			t.Errorf("patched: %v", got)
		}
		got = must(t, w.patchBoundary(A, id, map[string]any{"sceneId": w.Scene}), http.StatusOK).JSON(t)
		if got["sceneId"] != w.Scene || !jsonEqual(t, got["areas"], []string{"thighs", "neck"}) {
			t.Errorf("limited to the scene: %v", got)
		}
		got = must(t, w.patchBoundary(A, id, map[string]any{"sceneId": ""}), http.StatusOK).JSON(t)
		if got["sceneId"] != nil {
			t.Errorf("an empty sceneId leaves it on scene %v", got["sceneId"])
		}
		got = must(t, w.patchBoundary(A, id, map[string]any{"kind": "max_nudity", "maxNudity": "partial"}), http.StatusOK).JSON(t)
		if got["kind"] != "max_nudity" || got["maxNudity"] != "partial" || !jsonEqual(t, got["areas"], []string{}) {
			t.Errorf("a change of kind: %v", got)
		}
		list := must(t, w.do(A, "GET", "/api/v1/me/boundaries?productionId="+w.Production, nil), http.StatusOK).List(t)
		if len(list) != 1 || !jsonEqual(t, list[0], got) {
			t.Errorf("the list shows %v, the patch answered %v", list, got)
		}
	})

	t.Run("ErrValidation", func(t *testing.T) {
		w := w.in(t)
		for _, tc := range []struct {
			name   string
			body   any
			status int
			code   string
			field  string
		}{
			{"kind without its field", map[string]any{"kind": "no_contact"}, 422, "validation_failed", "areas"},
			{"note kind without a note", map[string]any{"kind": "note", "note": "  "}, 422, "validation_failed", "note"},
			{"scene not cast in", map[string]any{"sceneId": other}, 422, "validation_failed", "sceneId"},
			{"unknown scene", map[string]any{"sceneId": unknownID}, 422, "validation_failed", "sceneId"},
			{"unknown kind", map[string]any{"kind": "maybe"}, 422, "validation_failed", "kind"},
			{"unknown area", map[string]any{"areas": []string{"elbow"}}, 422, "validation_failed", "areas[0]"},
			{"not JSON", "{", 400, "malformed_json", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := must(t, w.do(A, "GET", "/api/v1/me/boundaries?productionId="+w.Production, nil), http.StatusOK).Body
				p := assertProblem(t, w.patchBoundary(A, id, tc.body), tc.status, tc.code)
				if tc.field != "" && !slices.Contains(problemFields(t, p), tc.field) {
					t.Errorf("fields %v, want %s", problemFields(t, p), tc.field)
				}
				after := must(t, w.do(A, "GET", "/api/v1/me/boundaries?productionId="+w.Production, nil), http.StatusOK).Body
				if string(after) != string(before) {
					t.Errorf("a refused patch changed the boundary:\n%s\n%s", before, after)
				}
			})
		}
	})

	t.Run("ErrNotTheOwner", func(t *testing.T) {
		w := w.in(t)
		for _, as := range []account{w.PerformerB, w.PerformerC, w.Coordinator, w.Producer, w.Outsider} {
			assertProblem(t, w.patchBoundary(as, id, map[string]any{"note": "mine now"}), http.StatusNotFound, "not_found")
		}
		assertProblem(t, w.patchBoundary(A, unknownID, map[string]any{"note": "x"}), http.StatusNotFound, "not_found")
		assertProblem(t, w.patchBoundary(A, id, map[string]any{"productionId": unknownID}), http.StatusNotFound, "not_found")
	})

	if got := len(w.auditActions()); got != auditBefore {
		t.Errorf("changing a boundary wrote %d audit events", got-auditBefore)
	}
}

// TestRule6EditedBoundaryWins: a boundary changed after publication counts at
// once — the coordinator's conflicts on the current version and the
// performer's own flags follow the edit, and another performer sees none of
// it.
func TestRule6EditedBoundaryWins(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	w.published(w.Scene, "v1", w.kissStep(A, B))
	id := must(t, w.boundary(A, map[string]any{"kind": "no_contact", "areas": []string{"thighs"}}), http.StatusCreated).JSON(t)["id"].(string)
	conflicts := func() []any {
		t.Helper()
		for _, pb := range must(t, w.do(w.Coordinator, "GET", "/api/v1/scenes/"+w.Scene+"/boundaries", nil), http.StatusOK).List(t) {
			if pb["userId"] == A.ID {
				return pb["conflicts"].([]any)
			}
		}
		return nil
	}
	own := func(p account) []string {
		t.Helper()
		f, _ := flagsOf(must(t, w.do(p, "GET", "/api/v1/scenes/"+w.Scene+"/choreography", nil), http.StatusOK).JSON(t))
		return f
	}
	if len(conflicts()) != 0 || len(own(A)) != 0 {
		t.Fatalf("a thighs boundary conflicts with a kiss: %v %v", conflicts(), own(A))
	}
	must(t, w.patchBoundary(A, id, map[string]any{"areas": []string{"lips"}}), http.StatusOK)
	if len(conflicts()) == 0 {
		t.Error("the coordinator sees no conflict after A's boundary now covers the lips")
	}
	if f := own(A); !slices.Contains(f, "1/"+A.ID+"/boundary_conflict") {
		t.Errorf("A's own flags %v lack the conflict with their edited boundary", f)
	}
	if f := own(B); len(f) != 0 {
		t.Errorf("B sees flags about A's boundary: %v", f)
	}
}
