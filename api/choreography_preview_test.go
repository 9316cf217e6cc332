package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// previewBody is a publish (and preview) body.
func previewBody(summary string, steps ...map[string]any) map[string]any {
	return map[string]any{"summary": summary, "steps": steps}
}

func (w *world) preview(as account, scene string, body any) response {
	w.t.Helper()
	return w.do(as, "POST", "/api/v1/scenes/"+scene+"/choreography/preview", body)
}

// sceneSnapshot is everything a publication would change, read through the
// API: the audit chain (count and head), the versions, the scene, the
// consents, every inbox and its needs-you count.
func (w *world) sceneSnapshot(scene string) string {
	w.t.Helper()
	out := string(must(w.t, w.do(w.Coordinator, "GET", "/api/v1/productions/"+w.Production+"/audit/verify", nil), http.StatusOK).Body)
	for _, path := range []string{"/choreography/versions", "", "/consents"} {
		out += string(must(w.t, w.do(w.Coordinator, "GET", "/api/v1/scenes/"+scene+path, nil), http.StatusOK).Body)
	}
	for _, a := range []account{w.PerformerA, w.PerformerB, w.Coordinator, w.Producer} {
		out += string(must(w.t, w.do(a, "GET", "/api/v1/notifications?limit=200", nil), http.StatusOK).Body)
		out += string(must(w.t, w.do(a, "GET", "/api/v1/notifications/summary", nil), http.StatusOK).Body)
	}
	return out
}

// TestChoreographyPreview: the preview of a new version gives the step diff
// against the current one, the flags publishing stores (the same as the
// publication that follows), and who would go back to pending — exactly
// those pending after the publication (rule 4: a withdrawal stands) — and
// writes nothing: no version, no audit event, no notification, no consent
// change, whether it is answered or refused.
func TestChoreographyPreview(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	look := step("Look", map[string]string{A.ID: "none", B.ID: "none"}, nil, "")
	hold := step("Hold", map[string]string{A.ID: "none"}, nil, "")
	w.published(w.Scene, "v1", look, w.kissStep(A, B), hold)
	w.putRider(w.Scene, A, riderBody("none", []string{}, []string{"partial_nudity", "restraint_suspension", "kissing"}))
	must(t, w.sign(A, w.Scene, 1, "Ada Actor"), http.StatusOK)
	must(t, w.boundary(B, map[string]any{"kind": "no_contact", "areas": []string{"neck"}}), http.StatusCreated)
	must(t, w.decide(A, w.Scene, 1, "confirmed", ""), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", ""), http.StatusOK)

	// v2: Look removed, Kiss the same, Hold with partial nudity (beyond A's
	// rider), a new step touching B's neck (B's boundary).
	holdPartial := step("Hold", map[string]string{A.ID: "partial"}, nil, "")
	neck := step("Neck", map[string]string{A.ID: "none", B.ID: "none"}, [][3]string{{A.ID, B.ID, "neck"}}, "")
	body := previewBody("v2", w.kissStep(A, B), holdPartial, neck)

	t.Run("DiffFlagsReopens", func(t *testing.T) {
		w := w.in(t)
		before := w.sceneSnapshot(w.Scene)
		p := must(t, w.preview(w.Coordinator, w.Scene, body), http.StatusOK).JSON(t)
		if p["currentVersion"] != float64(1) {
			t.Errorf("currentVersion %v, want 1", p["currentVersion"])
		}
		var diff []string
		for _, d := range p["diff"].([]any) {
			m := d.(map[string]any)
			diff = append(diff, fmt.Sprintf("%v %v→%v %v", m["kind"], m["oldIndex"], m["newIndex"], m["fields"]))
		}
		want := []string{"removed 0→<nil> []", "same 1→0 []", "changed 2→1 [performers]", "added <nil>→2 []"}
		if !slices.Equal(diff, want) {
			t.Errorf("diff\n%v\nwant\n%v", diff, want)
		}
		flags, _ := flagsOf(p)
		for _, f := range []string{"2/" + A.ID + "/exceeds_rider", "3/" + B.ID + "/boundary_conflict"} {
			if !slices.Contains(flags, f) {
				t.Errorf("flags %v lack %s", flags, f)
			}
		}
		reopens := fmt.Sprint(p["reopens"])
		if want := fmt.Sprint([]any{A.ID, B.ID}); reopens != want && reopens != fmt.Sprint([]any{B.ID, A.ID}) {
			t.Errorf("reopens %v, want A and B (a confirmation and a decline on the current version)", reopens)
		}
		if after := w.sceneSnapshot(w.Scene); after != before {
			t.Errorf("a preview changed something:\nbefore %s\nafter  %s", before, after)
		}
	})

	t.Run("ErrSameAsPublishing", func(t *testing.T) {
		w := w.in(t)
		before := w.sceneSnapshot(w.Scene)
		genitals := step("G", map[string]string{A.ID: "none", B.ID: "none"}, [][3]string{{A.ID, B.ID, "genitals"}}, "")
		for _, tc := range []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"no barrier (rule 7)", previewBody("v2", genitals), 422, "barrier_required"},
			{"not cast", previewBody("v2", step("S", map[string]string{w.PerformerC.ID: "none"}, nil, "")), 422, "validation_failed"},
			{"blank summary", previewBody(" ", look), 422, "validation_failed"},
			{"no steps", previewBody("v2"), 422, "validation_failed"},
			{"nobody in a step", previewBody("v2", step("Empty", map[string]string{}, nil, "")), 422, "validation_failed"},
			{"not JSON", "{", 400, "malformed_json"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				pv := assertProblem(t, w.preview(w.Coordinator, w.Scene, tc.body), tc.status, tc.code)
				if tc.body != "{" {
					pb := assertProblem(t, w.publish(w.Coordinator, w.Scene, tc.body.(map[string]any)["summary"].(string),
						stepsOf(tc.body)...), tc.status, tc.code)
					if !jsonEqual(t, pv["errors"], pb["errors"]) {
						t.Errorf("preview errors %v, publish errors %v", pv["errors"], pb["errors"])
					}
				}
			})
		}
		assertProblem(t, w.preview(w.Producer, w.Scene, body), http.StatusForbidden, "forbidden")
		assertProblem(t, w.preview(w.PerformerA, w.Scene, body), http.StatusForbidden, "forbidden")
		assertProblem(t, w.preview(w.PerformerC, w.Scene, body), http.StatusNotFound, "not_found")
		assertProblem(t, w.preview(w.Coordinator, unknownID, body), http.StatusNotFound, "not_found")
		if after := w.sceneSnapshot(w.Scene); after != before {
			t.Errorf("a refused preview or publication changed something:\nbefore %s\nafter  %s", before, after)
		}
	})

	t.Run("WithdrawalStands", func(t *testing.T) {
		w := w.in(t)
		must(t, w.withdraw(B, w.Scene, nil), http.StatusOK)
		p := must(t, w.preview(w.Coordinator, w.Scene, body), http.StatusOK).JSON(t)
		if got := fmt.Sprint(p["reopens"]); got != fmt.Sprint([]any{A.ID}) {
			t.Errorf("reopens %v, want only A (B's withdrawal stands)", got)
		}
		flags, _ := flagsOf(p)
		published := w.published(w.Scene, "v2", stepsOf(body)...)
		stored, _ := flagsOf(published)
		if !slices.Equal(flags, stored) {
			t.Errorf("preview flags %v, published %v", flags, stored)
		}
		consents, _ := w.consents(w.Coordinator, w.Scene)
		if consents[A.ID]["state"] != "pending" || consents[B.ID]["state"] != "withdrawn" {
			t.Errorf("after publishing: A %v, B %v; the preview said A reopens and B stays", consents[A.ID]["state"], consents[B.ID]["state"])
		}
		p = must(t, w.preview(w.Coordinator, w.Scene, body), http.StatusOK).JSON(t)
		if p["currentVersion"] != float64(2) || fmt.Sprint(p["reopens"]) != "[]" {
			t.Errorf("against v2 with nobody decided: currentVersion %v, reopens %v", p["currentVersion"], p["reopens"])
		}
		for _, d := range p["diff"].([]any) {
			if d.(map[string]any)["kind"] != "same" {
				t.Errorf("the same steps again differ: %v", d)
			}
		}
	})

	t.Run("FirstVersion", func(t *testing.T) {
		w := w.in(t)
		id := w.scene("9", []string{"kissing"}, A, B)
		p := must(t, w.preview(w.Coordinator, id, previewBody("v1", look, hold)), http.StatusOK).JSON(t)
		if p["currentVersion"] != nil || fmt.Sprint(p["reopens"]) != "[]" || len(p["diff"].([]any)) != 2 {
			t.Errorf("first version preview: %v", p)
		}
		for _, d := range p["diff"].([]any) {
			if d.(map[string]any)["kind"] != "added" {
				t.Errorf("a first version's step is not added: %v", d)
			}
		}
	})
}

// stepsOf returns the steps of a publish body.
func stepsOf(body any) []map[string]any {
	return body.(map[string]any)["steps"].([]map[string]any)
}

// TestStepNamesAtLeastOnePerformer: a step with nobody in it is refused by the
// request validator (openapi.yaml: performers minItems 1) with a field error
// naming the step's performers — on publishing and on the preview — and
// nothing is published.
func TestStepNamesAtLeastOnePerformer(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	empty := step("Nobody", map[string]string{}, nil, "")
	for name, res := range map[string]response{
		"publish": w.publish(w.Coordinator, w.Scene, "v1", w.kissStep(A, B), empty),
		"preview": w.preview(w.Coordinator, w.Scene, previewBody("v1", w.kissStep(A, B), empty)),
	} {
		p := assertProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")
		if fields := problemFields(t, p); !slices.Contains(fields, "steps[1].performers") {
			t.Errorf("%s: fields %v, want steps[1].performers", name, fields)
		}
	}
	if sc := w.getScene(w.Coordinator, w.Scene); sc["currentVersion"] != nil {
		t.Errorf("a step with nobody in it was published: currentVersion %v", sc["currentVersion"])
	}
}
