package storage

import (
	"sync"

	"closedset/internal/domain"
)

// Published choreography versions never change (rule 4: a revision is a new
// version), so their decoded steps can be kept: coverage reads the current
// version of every scene again on each dashboard update, and decoding the
// JSON is most of its cost.
var publishedSteps = stepsCache{max: 50_000}

type stepsKey struct {
	sceneID string
	version int
}

// stepsCache holds decoded steps by scene and version; when full it starts
// over (simple, and a dashboard's working set refills it at once).
type stepsCache struct {
	mu    sync.Mutex
	max   int
	steps map[stepsKey][]domain.Step
}

// get returns the decoded steps of a published version whose stored JSON is
// text, decoding it on first use. The slice is shared: read it, never change
// it.
func (c *stepsCache) get(sceneID string, version int, text string) []domain.Step {
	k := stepsKey{sceneID, version}
	c.mu.Lock()
	steps, ok := c.steps[k]
	c.mu.Unlock()
	if ok {
		return steps
	}
	steps = decodeSteps(text)
	c.mu.Lock()
	if c.steps == nil || len(c.steps) >= c.max {
		c.steps = map[stepsKey][]domain.Step{}
	}
	c.steps[k] = steps
	c.mu.Unlock()
	return steps
}
