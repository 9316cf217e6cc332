package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Which fields each role reads (product.md rule 10, api.md): the second table
// beside the authorization matrix. A row names a caller, a read, where in its
// answer the objects are, and which fields every object has or lacks.
//
// Callers: producer, coordinator, performer (A: cast, consented, answered,
// a debrief participant), uncast (C: a performer member cast in nothing),
// removed (cast and addressed by the check-in, then removed) and outsider.
type fieldRow struct {
	as   string
	get  string // a path; {production} {scene} {checkin} {debrief}
	at   string // where the objects are: "" the answer, "[]" its items, "scenes[].cast[]"…
	has  string // fields every object has, space-separated
	not  string // fields no object has
	own  bool   // only the caller's own entries (by userId)
	none bool   // no objects at all (otherwise at least one)
	skip string // why the row does not run yet
}

var fieldRows = []fieldRow{
	// scenes: consent counts for staff; a performer their own consent and rider (rule 10)
	{as: "producer", get: "/productions/{production}/scenes", at: "[]", has: "cast consentCounts", not: "myConsent myRider"},
	{as: "coordinator", get: "/productions/{production}/scenes", at: "[]", has: "cast consentCounts", not: "myConsent myRider"},
	{as: "performer", get: "/productions/{production}/scenes", at: "[]", has: "cast myConsent myRider", not: "consentCounts"},
	{as: "producer", get: "/scenes/{scene}", has: "consentCounts", not: "myConsent myRider"},
	{as: "coordinator", get: "/scenes/{scene}", has: "consentCounts", not: "myConsent myRider"},
	{as: "performer", get: "/scenes/{scene}", has: "myConsent myRider", not: "consentCounts"},
	{as: "producer", get: "/scenes/{scene}", at: "consentCounts", has: "confirmed pending declined withdrawn"},
	// consents: per person for the coordinator, one's own for a performer, a
	// note for them only; the producer reads counts (the list answers 403)
	{as: "coordinator", get: "/scenes/{scene}/consents", at: "[]", has: "userId state note"},
	{as: "performer", get: "/scenes/{scene}/consents", at: "[]", has: "state note", own: true},
	{as: "producer", get: "/scenes/{scene}/consents/summary", has: "version confirmed pending declined withdrawn", not: "userId state note"},
	{as: "coordinator", get: "/scenes/{scene}/consents/summary", has: "version confirmed pending declined withdrawn", not: "userId state note"},
	// choreography: every flag for coordinators, one's own for a performer, none for producers
	{as: "coordinator", get: "/scenes/{scene}/choreography", has: "steps flags"},
	{as: "coordinator", get: "/scenes/{scene}/choreography", at: "flags[]", has: "step userId code detail"},
	{as: "producer", get: "/scenes/{scene}/choreography", has: "steps", not: "flags"},
	{as: "performer", get: "/scenes/{scene}/choreography", has: "steps flags"},
	{as: "performer", get: "/scenes/{scene}/choreography", at: "flags[]", has: "step userId code detail", own: true},
	{as: "coordinator", get: "/scenes/{scene}/choreography/versions/1", has: "steps flags"},
	{as: "producer", get: "/scenes/{scene}/choreography/versions/1", has: "steps", not: "flags"},
	{as: "performer", get: "/scenes/{scene}/choreography/versions/1", at: "flags[]", has: "step userId code detail", own: true},
	// debrief notes: coordinators only
	{as: "coordinator", get: "/debriefs/{debrief}", has: "participants notes"},
	{as: "producer", get: "/debriefs/{debrief}", has: "participants", not: "notes"},
	{as: "performer", get: "/debriefs/{debrief}", has: "participants", not: "notes"},
	{as: "coordinator", get: "/scenes/{scene}/debriefs", at: "[]", has: "notes"},
	{as: "producer", get: "/scenes/{scene}/debriefs", at: "[]", not: "notes"},
	{as: "performer", get: "/scenes/{scene}/debriefs", at: "[]", not: "notes"},
	{as: "performer", get: "/me/debriefs", at: "[]", not: "notes"},
	// e-mail: one's own setting; whether e-mail is on (public)
	{as: "performer", get: "/me/notification-settings", has: "email"},
	{as: "performer", get: "/config", has: "emailEnabled"},
	// check-in answers: a performer reads only their own and no counts; notes
	// are for the coordinator; the producer reads the outcome and counts only
	{as: "coordinator", get: "/checkins/{checkin}", has: "outcome counts responses"},
	{as: "coordinator", get: "/checkins/{checkin}", at: "responses[]", has: "answer note"},
	{as: "coordinator", get: "/scenes/{scene}/checkins", at: "[]", has: "outcome counts responses"},
	{as: "coordinator", get: "/scenes/{scene}/checkins", at: "[].responses[]", has: "answer note"},
	{as: "producer", get: "/scenes/{scene}/checkins", at: "[]", has: "outcome counts", not: "responses"},
	{as: "producer", get: "/scenes/{scene}/checkins", at: "[].counts", has: "ok pause stop noResponse waiting"},
	{as: "performer", get: "/checkins/{checkin}", has: "responses", not: "counts"},
	{as: "performer", get: "/checkins/{checkin}", at: "responses[]", has: "answer", own: true},
	{as: "performer", get: "/me/checkins", at: "[]", has: "responses", not: "counts"},
	{as: "performer", get: "/me/checkins", at: "[].responses[]", has: "answer", own: true},
	// coverage: per-person consent for coordinators, never producers
	{as: "coordinator", get: "/productions/{production}/coverage", at: "scenes[].cast[]", has: "userId consent rider"},
	{as: "producer", get: "/productions/{production}/coverage", at: "scenes[].cast[]", has: "userId rider", not: "consent"},
	{as: "coordinator", get: "/productions/{production}/coverage", at: "scenes[]", has: "consentCounts cast"},
	{as: "producer", get: "/productions/{production}/coverage", at: "scenes[]", has: "consentCounts cast"},
	// members: never e-mail addresses
	{as: "performer", get: "/productions/{production}/members", at: "[]", has: "userId displayName role", not: "email"},
	{as: "producer", get: "/productions/{production}/members", at: "[]", has: "userId displayName role", not: "email"},
	// invites: listed without their token or link (producer: all; coordinator: performer invites)
	{as: "producer", get: "/productions/{production}/invites", at: "[]", has: "id email role createdAt expiresAt", not: "token url"},
	{as: "coordinator", get: "/productions/{production}/invites", at: "[]", has: "id email role createdAt expiresAt", not: "token url"},
	// one's own record (rule 14): debriefs without the coordinator's notes
	{as: "performer", get: "/me/export", has: "account memberships consentDecisions riders boundaries checkinAnswers debriefs notifications"},
	{as: "performer", get: "/me/export", at: "debriefs[]", has: "debriefId status", not: "notes"},
	{as: "performer", get: "/me/export", at: "checkinAnswers[]", has: "reason answer note proof"},
	// someone cast in nothing, or not a member, sees nothing
	{as: "uncast", get: "/productions/{production}/scenes", at: "[]", none: true},
	{as: "uncast", get: "/me/checkins", at: "[]", none: true},
	{as: "uncast", get: "/me/debriefs", at: "[]", none: true},
	{as: "outsider", get: "/productions", at: "[]", none: true},
	// someone removed (cast, addressed by the check-in, then removed) sees nothing of it
	{as: "removed", get: "/productions", at: "[]", none: true},
	{as: "removed", get: "/me/checkins", at: "[]", none: true},
	{as: "removed", get: "/me/debriefs", at: "[]", none: true},
	{as: "removed", get: "/me/export", at: "memberships[]", none: true},
}

func TestFieldsPerRole(t *testing.T) {
	s := newTestServer(t)
	w := newWorld(t, s).withScene()
	A, B := w.PerformerA, w.PerformerB
	// A and B consent with notes; both are flagged (their boundaries allow no
	// nudity); both answer a check-in with a note; a debrief has notes.
	w.putRider(w.Scene, B, riderBody("none", []string{}, []string{"partial_nudity"}))
	for _, p := range []account{A, B} {
		must(t, w.boundary(p, map[string]any{"kind": "max_nudity", "maxNudity": "none"}), http.StatusCreated)
	}
	w.published(w.Scene, "v1", step("Robe", map[string]string{A.ID: "partial", B.ID: "partial"}, nil, ""))
	must(t, w.decide(A, w.Scene, 1, "confirmed", "Fine with the robe."), http.StatusOK)
	must(t, w.decide(B, w.Scene, 1, "declined", "Not the robe."), http.StatusOK)
	removed := newAccount(t, s, "Rex Removed")
	s.join(w.Coordinator, w.Production, removed, "performer")
	w.cast(w.Scene, removed, map[string]any{"characterName": "Extra"})
	checkin := w.requested("Before take 1", 0)["id"].(string)
	must(t, w.answer(A, checkin, "ok", "All good."), http.StatusOK)
	must(t, w.answer(B, checkin, "pause", "Need a minute."), http.StatusOK)
	debrief := w.scheduled(debriefAt, "Green room")["id"].(string)
	must(t, w.do(w.Producer, "DELETE", "/api/v1/productions/"+w.Production+"/members/"+removed.ID, nil), http.StatusNoContent)
	must(t, w.patchDebrief(w.Coordinator, debrief, map[string]any{"notes": "Talk about take 3."}), http.StatusOK)

	for _, role := range []string{"performer", "coordinator"} {
		must(t, w.do(w.Producer, "POST", "/api/v1/productions/"+w.Production+"/invites",
			map[string]any{"email": freshEmail(), "role": role}), http.StatusCreated)
	}

	callers := map[string]account{"producer": w.Producer, "coordinator": w.Coordinator, "performer": A,
		"uncast": w.PerformerC, "outsider": w.Outsider, "removed": removed}
	path := strings.NewReplacer("{production}", w.Production, "{scene}", w.Scene, "{checkin}", checkin, "{debrief}", debrief)
	for _, r := range fieldRows {
		t.Run(r.as+" "+r.get+" "+r.at, func(t *testing.T) {
			if r.skip != "" {
				t.Skip(r.skip)
			}
			as := callers[r.as]
			res := must(t, s.Do(request{Method: "GET", Path: "/api/v1" + path.Replace(r.get), Token: as.Token}), http.StatusOK)
			var body any
			if err := json.Unmarshal(res.Body, &body); err != nil {
				t.Fatal(err)
			}
			objs := objectsAt(t, body, r.at)
			if r.none != (len(objs) == 0) {
				t.Fatalf("%d objects at %q (none: %v): %v", len(objs), r.at, r.none, body)
			}
			for _, o := range objs {
				for _, f := range strings.Fields(r.has) {
					if _, ok := o[f]; !ok {
						t.Errorf("no %q in %v", f, o)
					}
				}
				for _, f := range strings.Fields(r.not) {
					if _, ok := o[f]; ok {
						t.Errorf("%q in %v", f, o)
					}
				}
				if r.own && o["userId"] != as.ID {
					t.Errorf("someone else's entry: %v", o)
				}
			}
		})
	}
}

// objectsAt returns the objects at path in v: "" is v itself, "name" a
// member, "name[]" or "[]" every item of a list.
func objectsAt(t *testing.T, v any, path string) []map[string]any {
	t.Helper()
	vs := []any{v}
	for _, seg := range strings.Split(path, ".") {
		name, list := strings.CutSuffix(seg, "[]")
		var next []any
		for _, x := range vs {
			if name != "" {
				x = x.(map[string]any)[name]
			}
			if list {
				l, ok := x.([]any)
				if !ok {
					t.Fatalf("%q is not a list: %v", seg, x)
				}
				next = append(next, l...)
			} else {
				next = append(next, x)
			}
		}
		vs = next
	}
	out := make([]map[string]any, len(vs))
	for i, x := range vs {
		out[i] = x.(map[string]any)
	}
	return out
}
