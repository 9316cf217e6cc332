// Package coverage is the producer's and coordinator's view of a production's
// readiness, scene by scene (api.md "Coverage"): it reads the rows, keeps
// computed lines in a cache fed by the audit trail, and encodes the JSON and
// CSV answers. It never reads notes or boundaries (rule 10).
//
// Every state change coverage reads is written with an audit event in the
// same transaction, so a production's audit seq orders its changes — across
// instances sharing a database too. The cache keeps each production's lines
// as of a seq and, on each read, reads the events since then (one statement)
// and recomputes only the scenes they name (see effects).
package coverage

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// DefaultCacheSize is how many productions' lines a Reader keeps by default.
const DefaultCacheSize = 16

// maxChanges is the most audit events since the cached seq applied scene by
// scene; more reload the whole production.
const maxChanges = 500

// effect is what an audit action does to coverage.
type effect int

const (
	reloadAll         effect = iota // the zero value: an action not in effects reloads everything
	nothing                         // changes nothing coverage reads
	recomputeScene                  // changes the rows of the event's scene alone
	recomputeConsents               // changes the consents of the event's scene alone (a decision)
)

// effects says, for every audit action, what it does to coverage; a test
// walks domain.AuditActions and fails on any action without a row.
var effects = map[domain.AuditAction]effect{
	domain.AuditProductionCreated: reloadAll,
	// Coverage reads no membership rows: display names are read on every read.
	domain.AuditInviteCreated: nothing, domain.AuditMemberJoined: nothing, domain.AuditInviteRevoked: nothing,
	// A role change or removal can take someone off several scenes' casts and
	// open check-ins, and clear them as coordinator: reload the production.
	domain.AuditMemberRoleChanged: reloadAll, domain.AuditMemberRemoved: reloadAll,
	// The scene, its cast, consents, riders, choreography, check-ins and
	// debriefs: the rows of one scene (the event's subject, or its scene).
	domain.AuditSceneCreated: recomputeScene, domain.AuditSceneUpdated: recomputeScene,
	domain.AuditCastUpdated: recomputeScene, domain.AuditCastRemoved: recomputeScene,
	domain.AuditChoreographyPublished: recomputeScene,
	// A decision writes the consent's current-state row and nothing else
	// coverage reads: the line is computed again with the scene's consents
	// read again, from the other rows it was computed from.
	domain.AuditConsentConfirmed: recomputeConsents, domain.AuditConsentDeclined: recomputeConsents,
	domain.AuditConsentWithdrawn: recomputeConsents,
	domain.AuditRiderDrafted:     recomputeScene, domain.AuditRiderSigned: recomputeScene,
	domain.AuditCheckinRequested: recomputeScene, domain.AuditCheckinAnswered: recomputeScene,
	domain.AuditCheckinClosed:    recomputeScene,
	domain.AuditDebriefScheduled: recomputeScene, domain.AuditDebriefUpdated: recomputeScene,
}

// Query selects scenes by call date in the production's time zone: From and
// To are dates (YYYY-MM-DD, inclusive); "" leaves a bound open.
type Query struct{ From, To string }

// Reader answers coverage reads over one store, keeping computed lines of up
// to its cache size productions (when full, another one is dropped).
type Reader struct {
	store *storage.Store
	now   func() time.Time
	max   int // productions kept; 0: none (every read computes its scenes)

	mu    sync.Mutex
	kept  map[string]*snapshot
	names map[string]*nameSet // per production: the display names of the last read
}

// nameSet is a production's display names by user id, as one read found
// them; never changed once made. A read that finds the same names as the
// last one uses the same set, so each line sees in one comparison that its
// JSON was written with them (line.json) instead of looking up its cast's
// names one by one (21,000 look-ups per read of 1,000 scenes × 20 cast).
type nameSet struct{ byID map[string]string }

// nameSet returns the production's kept set when names are the same, else a
// new one, kept from now on (when the Reader keeps anything).
func (r *Reader) nameSet(productionID string, names map[string]string) *nameSet {
	r.mu.Lock()
	kept := r.names[productionID]
	r.mu.Unlock()
	if kept != nil && maps.Equal(kept.byID, names) {
		return kept
	}
	n := &nameSet{byID: names}
	if r.max > 0 {
		r.mu.Lock()
		r.names[productionID] = n
		r.mu.Unlock()
	}
	return n
}

// New returns a Reader keeping size productions' lines (0: DefaultCacheSize;
// negative: none).
func New(store *storage.Store, now func() time.Time, size int) *Reader {
	if size == 0 {
		size = DefaultCacheSize
	}
	return &Reader{store: store, now: now, max: max(size, 0), kept: map[string]*snapshot{}, names: map[string]*nameSet{}}
}

// Forget empties the cache, so the next read is a cold one (benchmarks).
func (r *Reader) Forget() {
	r.mu.Lock()
	clear(r.kept)
	clear(r.names)
	r.mu.Unlock()
}

// snapshot is a production's lines as of its audit seq: every change up to
// seq is in them (later ones may be too). It never changes once built, nor do
// its lines: an update builds a new one, so reads need no lock.
type snapshot struct {
	seq         int64
	noticeHours int
	timezone    string
	order       []*line // by call time, number, scene id
}

func newSnapshot(seq int64, p domain.Production, lines []*line) *snapshot {
	s := &snapshot{seq: seq, noticeHours: p.NoticeHours, timezone: p.Timezone, order: lines}
	slices.SortFunc(s.order, compareLines)
	return s
}

// compareLines orders lines by call time, number, scene id.
func compareLines(a, b *line) int {
	return cmp.Or(a.out.CallTime.Compare(b.out.CallTime), strings.Compare(a.out.Number, b.out.Number),
		strings.Compare(a.out.SceneID, b.out.SceneID))
}

// line returns the scene's line, or nil.
func (s *snapshot) line(sceneID string) *line {
	for _, l := range s.order {
		if l.out.SceneID == sceneID {
			return l
		}
	}
	return nil
}

// with returns a snapshot at seq: s without the lines of the scenes named,
// with lines (theirs computed again) in their places in the order.
func (s *snapshot) with(seq int64, scenes []string, lines []*line) *snapshot {
	n := &snapshot{seq: seq, noticeHours: s.noticeHours, timezone: s.timezone, order: make([]*line, 0, len(s.order)+len(lines))}
	for _, l := range s.order {
		if !slices.Contains(scenes, l.out.SceneID) {
			n.order = append(n.order, l)
		}
	}
	for _, l := range lines { // few: each goes in where it belongs, the rest stays sorted
		i, _ := slices.BinarySearchFunc(n.order, l, compareLines)
		n.order = slices.Insert(n.order, i, l)
	}
	return n
}

// fits reports whether the lines were computed with p's current settings.
func (s *snapshot) fits(p domain.Production) bool {
	return s != nil && s.noticeHours == p.NoticeHours && s.timezone == p.Timezone
}

// span returns the lines called in [from, to) (a zero bound is open), in order.
func (s *snapshot) span(from, to time.Time) []*line {
	at := func(t time.Time) int {
		return sort.Search(len(s.order), func(i int) bool { return !s.order[i].out.CallTime.Before(t) })
	}
	lo, hi := 0, len(s.order)
	if !from.IsZero() {
		lo = at(from)
	}
	if !to.IsZero() {
		hi = max(at(to), lo)
	}
	return s.order[lo:hi]
}

// read authorizes the caller and returns the coverage they may see.
func (r *Reader) read(ctx context.Context, userID, productionID string, q Query) (view, error) {
	p, err := r.store.FindProductionForMember(ctx, productionID, userID)
	if err != nil {
		return view{}, err
	}
	if err := domain.Authorize(p.Role, domain.ActionCoverageView, domain.Subject{}); err != nil {
		return view{}, err
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return view{}, err
	}
	from, to, err := dayRange(q, loc)
	if err != nil {
		return view{}, err
	}
	names, err := r.store.CoverageNames(ctx, p.ID)
	if err != nil {
		return view{}, err
	}
	snap, err := r.snapshot(ctx, p)
	if err != nil {
		return view{}, err
	}
	v := newView(p, loc, q, r.now(), names, snap.span(from, to))
	v.who = r.nameSet(p.ID, names)
	return v, nil
}

// snapshot returns a production's lines, up to date as of this call: the
// cached snapshot with the scenes named by the audit events since its seq
// recomputed, or a full load (always, without a cache).
func (r *Reader) snapshot(ctx context.Context, p domain.Production) (*snapshot, error) {
	if r.max == 0 {
		return r.load(ctx, p, nil, 0, changed{})
	}
	r.mu.Lock()
	old := r.kept[p.ID]
	r.mu.Unlock()
	fits := old.fits(p)
	after := int64(math.MaxInt32) // the head alone (seq is an INTEGER column)
	if fits {
		after = old.seq
	}
	head, changes, err := r.store.CoverageChanges(ctx, p.ID, after, maxChanges+1)
	if err != nil {
		return nil, err
	}
	ch, ok := changedScenes(changes)
	restored := fits && head < old.seq // a database restored under a running process
	if !fits || !ok || restored {
		// The head is read before the rows: changes after it may be in the
		// lines too, and are applied again on the next read.
		old, ch = nil, changed{}
	}
	next, err := r.load(ctx, p, old, head, ch)
	if err != nil {
		return nil, err
	}
	r.keep(p, next, restored)
	return next, nil
}

// changed names the scenes to compute again: whole, or with their consents
// alone read again (none of them whole).
type changed struct{ scenes, consents []string }

// changedScenes returns the scenes the changes name, each once; ok is false
// when they call for a full load: too many, an action whose effect is to
// reload, or a scene-scoped one whose scene is not found.
func changedScenes(changes []storage.CoverageChange) (ch changed, ok bool) {
	if len(changes) > maxChanges {
		return changed{}, false
	}
	var consents []string
	for _, c := range changes {
		switch e := effects[c.Action]; {
		case e == nothing:
		case e != recomputeScene && e != recomputeConsents, c.SceneID == "":
			return changed{}, false
		case e == recomputeScene:
			if !slices.Contains(ch.scenes, c.SceneID) {
				ch.scenes = append(ch.scenes, c.SceneID)
			}
		case !slices.Contains(consents, c.SceneID): // recomputeConsents
			consents = append(consents, c.SceneID)
		}
	}
	for _, id := range consents {
		if !slices.Contains(ch.scenes, id) {
			ch.consents = append(ch.consents, id)
		}
	}
	return ch, true
}

// keep caches a snapshot unless the one kept is valid up to a later seq (a
// slower read must not bring back older lines) — except after a restore,
// when the lines kept are from another history.
func (r *Reader) keep(p domain.Production, next *snapshot, restored bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if kept := r.kept[p.ID]; kept == nil || restored || next.seq >= kept.seq || !kept.fits(p) {
		r.kept[p.ID] = next
	}
	for id := range r.kept {
		if len(r.kept) <= r.max {
			break
		}
		if id != p.ID {
			delete(r.kept, id)
			delete(r.names, id)
		}
	}
}

// load returns the snapshot valid up to head: old with the changed scenes'
// lines computed again (a scene not found is gone), or, without old, every
// line.
func (r *Reader) load(ctx context.Context, p domain.Production, old *snapshot, head int64, ch changed) (*snapshot, error) {
	if old == nil {
		rows, err := r.store.CoverageRows(ctx, p.ID, nil)
		if err != nil {
			return nil, err
		}
		return newSnapshot(head, p, computeLines(rows, p.NoticeHours)), nil
	}
	if len(ch.scenes) == 0 && len(ch.consents) == 0 {
		n := *old
		n.seq = head
		return &n, nil
	}
	// A decision's scene is computed again from what its line was computed
	// from, with its consents read again; a scene without a line, whole.
	var from []*line
	var decided []string // their scenes
	whole := slices.Clip(ch.scenes)
	for _, id := range ch.consents {
		if l := old.line(id); l != nil {
			from, decided = append(from, l), append(decided, id)
		} else {
			whole = append(whole, id)
		}
	}
	var lines []*line
	if len(whole) > 0 {
		rows, err := r.store.CoverageRows(ctx, p.ID, whole)
		if err != nil {
			return nil, err
		}
		lines = computeLines(rows, p.NoticeHours)
	}
	if len(from) > 0 {
		consents, err := r.store.CoverageConsents(ctx, p.ID, decided)
		if err != nil {
			return nil, err
		}
		lines = append(lines, withConsents(from, consents, p.NoticeHours)...)
	}
	return old.with(head, append(whole, decided...), lines), nil
}

// dayRange turns inclusive call dates in loc into the UTC instants [from, to)
// — from the first instant of the first day to the first instant of the day
// after the last, in the production's zone, so a day across a daylight-saving
// change is 23 or 25 hours long. A zero instant is an open bound.
func dayRange(q Query, loc *time.Location) (from, to time.Time, err error) {
	start := func(param, date string, next int) (time.Time, error) {
		if date == "" {
			return time.Time{}, nil
		}
		day, err := time.Parse(time.DateOnly, date)
		if err != nil {
			e := domain.E(domain.KindBadRequest, "invalid_parameter", "The parameter %q is not a date (YYYY-MM-DD).", param)
			e.Fields = []domain.FieldError{{Field: param, Message: "must be a date (YYYY-MM-DD)"}}
			return day, e
		}
		return startOfDay(day.Year(), day.Month(), day.Day()+next, loc).UTC(), nil
	}
	if from, err = start("from", q.From, 0); err != nil {
		return from, to, err
	}
	if to, err = start("to", q.To, 1); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		e := domain.Invalid("to", "must be on or after from")
		e.Message = "The date range ends (to " + q.To + ") before it starts (from " + q.From + ")."
		return from, to, e
	}
	return from, to, nil
}

// startOfDay is the first instant of a calendar day in loc. Where a
// daylight-saving change skips midnight (e.g. America/Santiago), time.Date
// may give an instant of the day before: the day then starts when the clocks
// jump.
func startOfDay(year int, month time.Month, day int, loc *time.Location) time.Time {
	t := time.Date(year, month, day, 0, 0, 0, 0, loc)
	if want := time.Date(year, month, day, 0, 0, 0, 0, time.UTC); t.Day() != want.Day() {
		_, end := t.ZoneBounds()
		t = end
	}
	return t
}
