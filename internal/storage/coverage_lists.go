package storage

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"closedset/internal/domain"
)

// Separators of the per-scene lists coverageSQL aggregates: ASCII record and
// unit separators (the only free text inside the lists, a minor's guardian's
// name, has them stripped).
const (
	covRecord = "\x1e"
	covUnit   = "\x1f"
)

var errBadRecord = errors.New("storage: a coverage list record does not have the expected fields")

// list walks a per-scene list: each call of next puts the next record's
// fields into f and returns how many it has (0 at the end); bad is set when
// a record has more fields than f holds.
type list struct {
	rest string
	bad  bool
}

func (l *list) next(f []string) int {
	if l.rest == "" || l.bad {
		return 0
	}
	rec := l.rest
	if i := strings.IndexByte(l.rest, covRecord[0]); i >= 0 {
		rec, l.rest = l.rest[:i], l.rest[i+1:]
	} else {
		l.rest = ""
	}
	for k := range f {
		i := strings.IndexByte(rec, covUnit[0])
		if i < 0 {
			f[k] = rec
			return k + 1
		}
		f[k], rec = rec[:i], rec[i+1:]
	}
	l.bad = true
	return 0
}

// castScratch holds the cast, consent and rider records of the scene being
// parsed: they are reused for the next scene (see EachCoverageScene), which
// saves most of a coverage read's allocations.
type castScratch struct {
	cast     []domain.CastMember
	consents []*domain.ConsentDecision
	rows     []domain.ConsentDecision
	latest   []domain.Rider
	signedAt []time.Time
	latestBy map[string]*domain.Rider
	signedBy map[string]domain.Rider
}

// reuse returns s[:0] with room for n elements, without moving them later.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// addCast fills the scene's cast (ordered by user id), their consent rows and
// rider versions from its three lists, in the decoder's scratch records;
// rows of people no longer cast are ignored.
func (c *CoverageScene) addCast(cast, consents, riders string, dec *coverageDecoder) error {
	sc := &dec.scratch
	n := strings.Count(cast, covRecord) + 1
	sc.cast = reuse(sc.cast, n)
	var f [6]string
	l := list{rest: cast}
	for n := l.next(f[:2]); n > 0; n = l.next(f[:2]) {
		m := domain.CastMember{UserID: f[0], Minor: n == 2}
		if m.Minor {
			m.GuardianName = f[1]
		}
		sc.cast = append(sc.cast, m)
	}
	if l.bad {
		return translate(errBadRecord, "coverage cast")
	}
	c.Scene.Cast = sc.cast
	if !slices.IsSortedFunc(c.Scene.Cast, byUserID) { // the index usually gives them in order
		slices.SortFunc(c.Scene.Cast, byUserID)
	}
	member := func(id string) int {
		i, ok := slices.BinarySearchFunc(c.Scene.Cast, id, func(m domain.CastMember, id string) int { return strings.Compare(m.UserID, id) })
		if !ok {
			return -1
		}
		return i
	}

	n = len(c.Scene.Cast)
	sc.consents = append(reuse(sc.consents, n), make([]*domain.ConsentDecision, n)...)
	c.Consents = sc.consents
	sc.rows = reuse(sc.rows, n) // room for a row per member: the pointers into it stay put
	l = list{rest: consents}
	for k := l.next(f[:3]); k > 0; k = l.next(f[:3]) {
		i := member(f[0])
		if i < 0 || k < 2 {
			continue
		}
		v := 0 // never decided
		if k == 3 {
			v, _ = strconv.Atoi(f[2])
		}
		sc.rows = append(sc.rows, domain.ConsentDecision{SceneID: c.Scene.ID, UserID: f[0], State: consentState(f[1]), Version: v})
		c.Consents[i] = &sc.rows[len(sc.rows)-1]
	}
	if l.bad {
		return translate(errBadRecord, "coverage consents")
	}

	sc.latest, sc.signedAt = reuse(sc.latest, n), reuse(sc.signedAt, strings.Count(riders, covRecord)+1)
	if sc.latestBy == nil {
		sc.latestBy, sc.signedBy = map[string]*domain.Rider{}, map[string]domain.Rider{}
	}
	clear(sc.latestBy)
	clear(sc.signedBy)
	c.LatestRider, c.SignedRider = sc.latestBy, sc.signedBy
	l = list{rest: riders}
	for k := l.next(f[:6]); k > 0; k = l.next(f[:6]) {
		uid := f[0]
		if k != 2 && k != 6 {
			return translate(errBadRecord, "coverage riders")
		}
		if member(uid) < 0 {
			continue
		}
		v, err := strconv.Atoi(f[1])
		if err != nil {
			return translate(err, "coverage riders")
		}
		var signedAt *time.Time
		if k == 6 {
			t, err := parseStoredTime(f[2])
			if err != nil {
				return translate(err, "coverage riders")
			}
			sc.signedAt = append(sc.signedAt, t) // room for every record: the pointers into it stay put
			signedAt = &sc.signedAt[len(sc.signedAt)-1]
		}
		if r := c.LatestRider[uid]; r == nil {
			sc.latest = append(sc.latest, domain.Rider{SceneID: c.Scene.ID, UserID: uid, Version: v, SignedAt: signedAt})
			c.LatestRider[uid] = &sc.latest[len(sc.latest)-1]
		} else if r.Version < v {
			r.Version, r.SignedAt = v, signedAt
		}
		if sr, ok := c.SignedRider[uid]; signedAt != nil && (!ok || sr.Version < v) {
			c.SignedRider[uid] = domain.Rider{SceneID: c.Scene.ID, UserID: uid, Version: v, SignedAt: signedAt,
				Nudity: domain.Nudity(f[3]), VisibleAreas: dec.areas(f[4]), Acts: dec.tags(f[5])}
		}
	}
	if l.bad {
		return translate(errBadRecord, "coverage riders")
	}
	return nil
}

func byUserID(a, b domain.CastMember) int { return strings.Compare(a.UserID, b.UserID) }

// consentState returns a consent state without keeping the list it was read
// from (the state outlives the list in coverage's cache).
func consentState(s string) domain.ConsentState {
	for _, st := range []domain.ConsentState{domain.ConsentConfirmed, domain.ConsentPending, domain.ConsentDeclined, domain.ConsentWithdrawn} {
		if s == string(st) {
			return st
		}
	}
	return domain.ConsentState(strings.Clone(s))
}

// storedTimeLayouts are how a TIMESTAMP column reads as text: SQLite keeps
// the driver's text (with its offset); PostgreSQL renders a timestamp without
// time zone (UTC here) without one.
var storedTimeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999-07"}

// parseStoredTime reads a TIMESTAMP column's text, in UTC.
func parseStoredTime(s string) (time.Time, error) {
	if t, ok := parseUTCTime(s); ok {
		return t, nil
	}
	var err error
	for _, layout := range storedTimeLayouts {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}

// parseUTCTime is parseStoredTime's fast path for the usual text,
// "2006-01-02 15:04:05[.999999999][+00:00]" in UTC; ok is false for anything
// else.
func parseUTCTime(s string) (time.Time, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(from, to int) int {
		v := 0
		for _, ch := range []byte(s[from:to]) {
			if ch < '0' || ch > '9' {
				return -1
			}
			v = v*10 + int(ch-'0')
		}
		return v
	}
	frac, nsec := strings.TrimSuffix(s[19:], "+00:00"), 0
	if frac != "" {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		if nsec = num(20, 19+len(frac)); nsec < 0 {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			nsec *= 10
		}
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 31 February and the like
	}
	return t, true
}

// coverageDecoder decodes the JSON lists of one coverage read, each distinct
// text once: tags, closed sets and rider terms repeat across scenes. Its
// scratch holds the records of the scene being parsed.
type coverageDecoder struct {
	scratch    castScratch
	tagLists   map[string][]domain.ContentTag
	areaLists  map[string][]domain.BodyArea
	stringList map[string][]string
}

func newCoverageDecoder() *coverageDecoder {
	return &coverageDecoder{tagLists: map[string][]domain.ContentTag{}, areaLists: map[string][]domain.BodyArea{},
		stringList: map[string][]string{}}
}

func (d *coverageDecoder) tags(s string) []domain.ContentTag { return cached(d.tagLists, s) }

func (d *coverageDecoder) areas(s string) []domain.BodyArea { return cached(d.areaLists, s) }

func (d *coverageDecoder) strings(s string) []string { return cached(d.stringList, s) }

func cached[T any](m map[string][]T, s string) []T {
	if v, ok := m[s]; ok {
		return v
	}
	v := []T{}
	if s != "" {
		if err := json.Unmarshal([]byte(s), &v); err != nil || v == nil {
			v = []T{}
		}
	}
	m[s] = v
	return v
}
