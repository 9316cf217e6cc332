package service

import (
	"maps"
	"slices"
	"sort"
	"time"

	"closedset/internal/domain"
)

// covSnapshot is a production's coverage lines as of its audit seq: every
// change up to seq is in them (later ones may be too). A snapshot never
// changes once built — updates build a new one — so requests read it without
// a lock.
type covSnapshot struct {
	seq         int64
	noticeHours int               // the production's, which the lines were computed with
	timezone    string            // the production's when the lines were computed
	names       map[string]string // the display names in the lines
	lines       map[string]*covLine
	order       []*covLine // by call time, number, scene id (lineOrder)
}

func newCovSnapshot(seq int64, p domain.Production, names map[string]string, lines map[string]*covLine) *covSnapshot {
	s := &covSnapshot{seq: seq, noticeHours: p.NoticeHours, timezone: p.Timezone, names: names, lines: lines,
		order: slices.Collect(maps.Values(lines))}
	slices.SortFunc(s.order, lineOrder)
	return s
}

// fits reports whether the snapshot was computed for the production's
// current settings.
func (s *covSnapshot) fits(p domain.Production) bool {
	return s != nil && s.noticeHours == p.NoticeHours && s.timezone == p.Timezone
}

// span returns the lines whose call time is in [from, to) (a zero bound is
// open), in order.
func (s *covSnapshot) span(from, to time.Time) []*covLine {
	lo, hi := 0, len(s.order)
	if !from.IsZero() {
		lo = sort.Search(len(s.order), func(i int) bool { return !s.order[i].line.CallTime.Before(from) })
	}
	if !to.IsZero() {
		hi = sort.Search(len(s.order), func(i int) bool { return !s.order[i].line.CallTime.Before(to) })
	}
	if hi < lo {
		hi = lo
	}
	return s.order[lo:hi]
}

// withNames returns the snapshot with these display names: itself when they
// are the ones it has.
func (s *covSnapshot) withNames(names map[string]string) *covSnapshot {
	if maps.Equal(s.names, names) {
		return s
	}
	n := *s
	n.names, n.lines, n.order = names, make(map[string]*covLine, len(s.lines)), make([]*covLine, len(s.order))
	for i, c := range s.order {
		n.order[i] = c.renamed(names)
		n.lines[c.line.SceneID] = n.order[i]
	}
	return &n // names do not order scenes: the order stands
}

// at returns the snapshot valid up to seq with the lines of these scenes
// replaced by those found (a scene not found is dropped: it is gone).
func (s *covSnapshot) at(seq int64, sceneIDs []string, found map[string]*covLine) *covSnapshot {
	if seq == s.seq && len(sceneIDs) == 0 {
		return s
	}
	n := *s
	n.seq = seq
	if len(sceneIDs) == 0 {
		return &n
	}
	n.lines = maps.Clone(s.lines)
	for _, id := range sceneIDs {
		if c, ok := found[id]; ok {
			n.lines[id] = c
		} else {
			delete(n.lines, id)
		}
	}
	n.order = slices.Collect(maps.Values(n.lines))
	slices.SortFunc(n.order, lineOrder)
	return &n
}
