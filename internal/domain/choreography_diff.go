package domain

import (
	"slices"
	"strconv"
	"strings"
)

// Step fields that can change between versions, in the order a step is read.
const (
	StepFieldTitle       = "title"
	StepFieldDescription = "description"
	StepFieldDuration    = "durationSec"
	StepFieldPerformers  = "performers"
	StepFieldContacts    = "contacts"
	StepFieldBarrier     = "barrier"
)

// StepFields is every step field, in reading order.
var StepFields = []string{StepFieldTitle, StepFieldDescription, StepFieldDuration, StepFieldPerformers, StepFieldContacts, StepFieldBarrier}

// Step diff kinds.
const (
	DiffSame    = "same"
	DiffAdded   = "added"
	DiffRemoved = "removed"
	DiffChanged = "changed"
)

// StepDiff is one row of a diff between two versions' steps. Indexes are
// 0-based positions in their version, -1 where the step is not in it.
type StepDiff struct {
	Kind               string
	OldIndex, NewIndex int
	Fields             []string // for DiffChanged
}

// similarFields is how many fields two steps share to count as one step rewritten.
const similarFields = 3

// DiffSteps compares two versions' steps the way the app's diff does
// (frontend/src/scenes/diff.ts): steps are matched by content first (a
// longest common subsequence of identical steps), then between those
// anchors a rewritten step is paired with an old one of the same title, or
// else the most similar one sharing at least three fields — so moving or
// inserting a step does not make every later step look changed. The result
// follows the newer version's order; removed steps come first in their gap.
func DiffSteps(before, after []Step) []StepDiff {
	a, b := make([]string, len(before)), make([]string, len(after))
	for i, s := range before {
		a[i] = stepKey(s)
	}
	for j, s := range after {
		b[j] = stepKey(s)
	}
	var out []StepDiff
	oi, ni := 0, 0
	for _, p := range append(lcsPairs(a, b), [2]int{len(before), len(after)}) {
		out = append(out, diffGap(before, after, oi, p[0], ni, p[1])...)
		if p[0] < len(before) && p[1] < len(after) {
			out = append(out, StepDiff{Kind: DiffSame, OldIndex: p[0], NewIndex: p[1], Fields: []string{}})
		}
		oi, ni = p[0]+1, p[1]+1
	}
	return out
}

// ChangedStepFields lists the fields in which two steps differ.
func ChangedStepFields(before, after Step) []string {
	out := []string{}
	for _, f := range StepFields {
		if stepFieldKey(before, f) != stepFieldKey(after, f) {
			out = append(out, f)
		}
	}
	return out
}

// stepFieldKey is a field's value in a form that compares equal when it
// means the same (trimmed text, performers and contacts in any order).
func stepFieldKey(s Step, field string) string {
	switch field {
	case StepFieldTitle:
		return strings.TrimSpace(s.Title)
	case StepFieldDescription:
		return strings.TrimSpace(s.Description)
	case StepFieldDuration:
		if s.DurationSec == 0 {
			return ""
		}
		return strconv.Itoa(s.DurationSec)
	case StepFieldBarrier:
		return strings.TrimSpace(s.Barrier)
	case StepFieldPerformers:
		ps := make([]string, len(s.Performers))
		for i, p := range s.Performers {
			ps[i] = p.UserID + ":" + string(p.Nudity)
		}
		slices.Sort(ps)
		return strings.Join(ps, "|")
	case StepFieldContacts:
		cs := make([]string, len(s.Contacts))
		for i, c := range s.Contacts {
			cs[i] = c.FromUserID + ">" + c.ToUserID + ":" + string(c.Area)
		}
		slices.Sort(cs)
		return strings.Join(cs, "|")
	}
	return ""
}

func stepKey(s Step) string {
	parts := make([]string, len(StepFields))
	for i, f := range StepFields {
		parts[i] = strconv.Quote(stepFieldKey(s, f))
	}
	return strings.Join(parts, ",")
}

// lcsPairs is a longest common subsequence of equal keys, as index pairs.
func lcsPairs(a, b []string) [][2]int {
	n, m := len(a), len(b)
	table := make([][]int, n+1)
	for i := range table {
		table[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				table[i][j] = table[i+1][j+1] + 1
			} else {
				table[i][j] = max(table[i+1][j], table[i][j+1])
			}
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			pairs = append(pairs, [2]int{i, j})
			i++
			j++
		case table[i+1][j] >= table[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}

// diffGap diffs the steps between two anchors: before[oldFrom:oldTo] against
// after[newFrom:newTo].
func diffGap(before, after []Step, oldFrom, oldTo, newFrom, newTo int) []StepDiff {
	pairOf := map[int]int{} // new index -> old index
	used := map[int]bool{}
	for j := newFrom; j < newTo; j++ { // the same title first
		title := strings.ToLower(strings.TrimSpace(after[j].Title))
		for i := oldFrom; i < oldTo; i++ {
			if !used[i] && strings.ToLower(strings.TrimSpace(before[i].Title)) == title {
				pairOf[j], used[i] = i, true
				break
			}
		}
	}
	for j := newFrom; j < newTo; j++ { // then the most similar remaining step
		if _, ok := pairOf[j]; ok {
			continue
		}
		best, bestScore := -1, similarFields-1
		for i := oldFrom; i < oldTo; i++ {
			if used[i] {
				continue
			}
			if score := len(StepFields) - len(ChangedStepFields(before[i], after[j])); score > bestScore {
				best, bestScore = i, score
			}
		}
		if best >= 0 {
			pairOf[j], used[best] = best, true
		}
	}
	var out []StepDiff
	for i := oldFrom; i < oldTo; i++ {
		if !used[i] {
			out = append(out, StepDiff{Kind: DiffRemoved, OldIndex: i, NewIndex: -1, Fields: []string{}})
		}
	}
	for j := newFrom; j < newTo; j++ {
		if i, ok := pairOf[j]; ok {
			out = append(out, StepDiff{Kind: DiffChanged, OldIndex: i, NewIndex: j, Fields: ChangedStepFields(before[i], after[j])})
		} else {
			out = append(out, StepDiff{Kind: DiffAdded, OldIndex: -1, NewIndex: j, Fields: []string{}})
		}
	}
	return out
}

// Reopens is rule 4 (revisions re-open consent) ahead of time: the cast
// members whose consent publishing a new version would put back to pending —
// those whose current state (CurrentConsent) is confirmed or declined; a
// pending one stays pending, and a withdrawal stands. latest holds each
// cast member's latest decision as stored, by user id.
func Reopens(sc Scene, latest map[string]ConsentDecision) []string {
	out := []string{}
	for _, m := range sc.Cast {
		var d *ConsentDecision
		if l, ok := latest[m.UserID]; ok {
			d = &l
		}
		if s := CurrentConsent(d, sc.CurrentVersion); s == ConsentConfirmed || s == ConsentDeclined {
			out = append(out, m.UserID)
		}
	}
	return out
}
