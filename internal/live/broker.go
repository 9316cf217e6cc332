// Package live fans out a production's events (check-in answers, consent
// changes) to the coordinators watching its board. In-process: with several
// instances each instance's subscribers see the events of use cases that ran
// on it (a PostgreSQL LISTEN/NOTIFY relay can feed Publish later).
package live

import "sync"

// Event is one board update. Data holds ids and states only, never notes.
type Event struct {
	Type string         `json:"type"`
	Data map[string]any `json:"data"`
}

// Broker is a set of subscribers per production.
type Broker struct {
	mu   sync.Mutex
	subs map[string]map[chan Event]struct{}
}

// NewBroker returns an empty broker.
func NewBroker() *Broker { return &Broker{subs: map[string]map[chan Event]struct{}{}} }

// Subscribe returns a channel of a production's events and a function that
// ends the subscription (and closes the channel).
func (b *Broker) Subscribe(productionID string) (<-chan Event, func()) {
	ch := make(chan Event, 32)
	b.mu.Lock()
	if b.subs[productionID] == nil {
		b.subs[productionID] = map[chan Event]struct{}{}
	}
	b.subs[productionID][ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs[productionID], ch)
			if len(b.subs[productionID]) == 0 {
				delete(b.subs, productionID)
			}
			b.mu.Unlock()
			close(ch)
		})
	}
}

// Publish sends an event to every subscriber of a production without
// blocking: a subscriber whose buffer is full misses it (the board reloads on
// reconnect).
func (b *Broker) Publish(productionID string, e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[productionID] {
		select {
		case ch <- e:
		default:
		}
	}
}

// Subscribers counts a production's subscribers (tests, metrics).
func (b *Broker) Subscribers(productionID string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[productionID])
}
