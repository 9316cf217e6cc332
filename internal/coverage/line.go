package coverage

import (
	"encoding/json"
	"sync/atomic"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// line is one scene's coverage as the cache keeps it: what depends only on
// the scene's rows and the notice hours. Each read applies display names, the
// moment and the caller's role to a copy (view.scene). A line never changes
// once computed; its memo only keeps what encoding/json made of such a copy.
type line struct {
	out     sceneJSON       // display names empty, lastCheckIn nil
	checkin *domain.CheckIn // the latest, if any: its outcome depends on the moment of the read
	riders  map[domain.RiderStatus]int
	// entries counts the cast of a tagged scene, confirmed those who
	// confirmed the current version (the summary's consentConfirmedPct).
	entries, confirmed int
	memo               [2]atomic.Pointer[memo] // the producer's, the coordinator's
	src                source                  // what it was computed from, but consents
	// gz is the run of lines this one begins compressed, per role as memo
	// (see gzip.go); nil until a gzipped read begins a run here.
	gz [2]atomic.Pointer[chunk]
}

// memo is a line's JSON for one role, with the display names and check-in
// state it was written with: a read with other names (a rename, an erased
// account) or another check-in state encodes the line again.
type memo struct {
	names []string // the coordinator's, then the cast's, in the line's order
	who   *nameSet // the set they were found in (nil: none kept)
	open  bool
	json  []byte
}

// json returns the line's JSON as the view's caller sees it (view.scene),
// from the memo when it was written with the same names and check-in state.
func (l *line) json(v view) []byte {
	role := v.memoIndex()
	open := l.checkin != nil && domain.CheckinOpen(*l.checkin, v.doc.GeneratedAt)
	m := l.memo[role].Load()
	switch {
	case m != nil && m.open == open && m.who != nil && m.who == v.who:
		// Written with these very names.
	case m != nil && m.open == open && l.sameNames(m.names, v.names):
		if v.who != nil { // the same JSON, marked with the set it holds for
			m = &memo{names: m.names, who: v.who, open: open, json: m.json}
			l.memo[role].Store(m)
		}
	default:
		people := make([]string, 0, len(l.out.Cast)+1)
		if c := l.out.Coordinator; c != nil {
			people = append(people, v.names[c.UserID])
		}
		for _, c := range l.out.Cast {
			people = append(people, v.names[c.UserID])
		}
		sc := v.scene(l)
		b, _ := json.Marshal(&sc) // plain values: never fails
		m = &memo{names: people, who: v.who, open: open, json: b}
		l.memo[role].Store(m)
	}
	return m.json
}

// sameNames reports whether kept (a memo's names) are the line's people's
// names in names: the coordinator's, then the cast's, in the line's order.
func (l *line) sameNames(kept []string, names map[string]string) bool {
	i := 0
	if c := l.out.Coordinator; c != nil {
		if len(kept) == 0 || kept[0] != names[c.UserID] {
			return false
		}
		i = 1
	}
	if len(kept) != i+len(l.out.Cast) {
		return false
	}
	for k, c := range l.out.Cast {
		if kept[i+k] != names[c.UserID] {
			return false
		}
	}
	return true
}

// memoIndex is where a line keeps what it made for the view's caller: 0 for
// producers, 1 for coordinators (who see each one's consent).
func (v view) memoIndex() int {
	if v.p.Role == domain.RoleProducer {
		return 0
	}
	return 1
}

// source is what a line was computed from, but its consents: a decision
// computes the line again from it and the scene's consents read again
// (recomputeConsents). Read only, as the line.
type source struct {
	scene   domain.Scene
	riders  []domain.Rider // every version of the scene's riders
	steps   []domain.Step
	debrief *domain.Debrief
}

// withConsents returns the lines of from computed again from their
// sources with consents (the current-state rows of their scenes) instead of
// those they were computed with.
func withConsents(from []*line, consents []domain.ConsentDecision, noticeHours int) []*line {
	rows := storage.CoverageRows{Consents: consents, Steps: map[string][]domain.Step{}, CheckIns: map[string]domain.CheckIn{},
		Debriefs: map[string]domain.Debrief{}}
	for _, l := range from {
		id := l.src.scene.ID
		rows.Scenes = append(rows.Scenes, l.src.scene)
		rows.Riders = append(rows.Riders, l.src.riders...)
		rows.Steps[id] = l.src.steps
		if l.checkin != nil {
			rows.CheckIns[id] = *l.checkin
		}
		if l.src.debrief != nil {
			rows.Debriefs[id] = *l.src.debrief
		}
	}
	return computeLines(rows, noticeHours)
}

type castKey struct{ sceneID, userID string }

// computeLines computes the line of each scene read. Readiness and reasons
// come from domain.ComputeReadiness alone.
func computeLines(rows storage.CoverageRows, noticeHours int) []*line {
	consents := map[castKey]*domain.ConsentDecision{}
	for i, c := range rows.Consents {
		consents[castKey{c.SceneID, c.UserID}] = &rows.Consents[i]
	}
	latest, signed := map[castKey]*domain.Rider{}, map[castKey]domain.Rider{}
	ridersOf := map[string][]domain.Rider{}
	for i, rd := range rows.Riders {
		ridersOf[rd.SceneID] = append(ridersOf[rd.SceneID], rd)
		k := castKey{rd.SceneID, rd.UserID}
		if l := latest[k]; l == nil || rd.Version > l.Version {
			latest[k] = &rows.Riders[i]
		}
		if s, ok := signed[k]; rd.SignedAt != nil && (!ok || rd.Version > s.Version) {
			signed[k] = rd
		}
	}
	lines := make([]*line, 0, len(rows.Scenes))
	for _, sc := range rows.Scenes {
		in := domain.ReadinessInput{Scene: sc, Consents: map[string]domain.ConsentState{},
			LatestRider: map[string]*domain.Rider{}, SignedRider: map[string]domain.Rider{},
			Steps: rows.Steps[sc.ID], NoticeHours: noticeHours}
		_, in.DebriefScheduledOrDone = rows.Debriefs[sc.ID]
		l := &line{riders: map[domain.RiderStatus]int{}, out: sceneJSON{SceneID: sc.ID, Number: sc.Number, Title: sc.Title,
			CallTime: sc.CallTime, Status: sc.Status, ContentTags: sc.ContentTags, Cast: make([]castJSON, len(sc.Cast))},
			src: source{scene: sc, riders: ridersOf[sc.ID], steps: rows.Steps[sc.ID]}}
		due := domain.RiderDue(sc.CallTime, noticeHours)
		for i, m := range sc.Cast {
			k := castKey{sc.ID, m.UserID}
			state := domain.CurrentConsent(consents[k], sc.CurrentVersion)
			in.Consents[m.UserID], in.LatestRider[m.UserID] = state, latest[k]
			if s, ok := signed[k]; ok {
				in.SignedRider[m.UserID] = s
			}
			rider := domain.CoverageRider(sc.ContentTags, latest[k], due)
			l.out.Cast[i] = castJSON{UserID: m.UserID, Consent: state, Rider: rider}
			l.riders[rider]++
			l.out.ConsentCounts.add(state)
			if len(sc.ContentTags) > 0 {
				l.entries++
				if state == domain.ConsentConfirmed {
					l.confirmed++
				}
			}
		}
		l.out.Readiness, l.out.Reasons = domain.ComputeReadiness(in)
		if sc.CoordinatorID != "" {
			l.out.Coordinator = &userRef{UserID: sc.CoordinatorID}
		}
		if sc.CurrentVersion > 0 {
			l.out.CurrentVersion = &sc.CurrentVersion
		}
		if k, ok := rows.CheckIns[sc.ID]; ok {
			l.checkin = &k
		}
		if d, ok := rows.Debriefs[sc.ID]; ok {
			l.out.Debrief = &debriefJSON{Status: d.Status, ScheduledAt: d.ScheduledAt}
			l.src.debrief = &d
		}
		lines = append(lines, l)
	}
	return lines
}

// Counts is how many of a scene's current cast are in each consent state
// against its current version: what producers learn of consent (rule 10).
type Counts struct {
	Confirmed int `json:"confirmed"`
	Pending   int `json:"pending"`
	Declined  int `json:"declined"`
	Withdrawn int `json:"withdrawn"`
}

func (c *Counts) add(s domain.ConsentState) {
	switch s {
	case domain.ConsentConfirmed:
		c.Confirmed++
	case domain.ConsentDeclined:
		c.Declined++
	case domain.ConsentWithdrawn:
		c.Withdrawn++
	default:
		c.Pending++
	}
}
