// Package live fans out a production's events (check-in answers, consent
// changes) to the coordinators and producers watching its board. Publish
// delivers to this instance's subscribers at once; with several instances on
// one PostgreSQL a Relay (relay.go) carries every event to the other
// instances through LISTEN/NOTIFY.
package live

import "sync"

// Event is one board update. Data holds ids and states only, never notes.
type Event struct {
	Type string         `json:"type"`
	Data map[string]any `json:"data"`
}

// Broker is a set of subscribers per production.
type Broker struct {
	mu      sync.Mutex
	subs    map[string]map[*subscription]struct{}
	forward func(productionID string, e Event) // to other instances; nil: none
}

// subscription is one subscriber's channel, closed once (by its holder or by
// the broker ending it).
type subscription struct {
	ch   chan Event
	once sync.Once
}

func (s *subscription) close() { s.once.Do(func() { close(s.ch) }) }

// NewBroker returns an empty broker.
func NewBroker() *Broker { return &Broker{subs: map[string]map[*subscription]struct{}{}} }

// Subscribe returns a channel of a production's events and a function that
// ends the subscription (and closes the channel). The broker closes the
// channel itself when it ends the subscription (End, EndAll): the holder then
// sees a closed channel and should let its client reconnect.
func (b *Broker) Subscribe(productionID string) (<-chan Event, func()) {
	s := &subscription{ch: make(chan Event, 32)}
	b.mu.Lock()
	if b.subs[productionID] == nil {
		b.subs[productionID] = map[*subscription]struct{}{}
	}
	b.subs[productionID][s] = struct{}{}
	b.mu.Unlock()
	return s.ch, func() {
		b.mu.Lock()
		b.remove(productionID, s)
		b.mu.Unlock()
		s.close()
	}
}

// remove forgets one subscription (b.mu held).
func (b *Broker) remove(productionID string, s *subscription) {
	delete(b.subs[productionID], s)
	if len(b.subs[productionID]) == 0 {
		delete(b.subs, productionID)
	}
}

// Publish sends an event to every subscriber of a production on this
// instance without blocking — a subscriber whose buffer is full misses it
// (the board reloads on reconnect) — and hands it to the forwarder, if any,
// for the other instances.
func (b *Broker) Publish(productionID string, e Event) {
	b.Deliver(productionID, e)
	b.mu.Lock()
	forward := b.forward
	b.mu.Unlock()
	if forward != nil {
		forward(productionID, e)
	}
}

// Deliver sends an event to this instance's subscribers only (an event that
// came from another instance).
func (b *Broker) Deliver(productionID string, e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[productionID] {
		select {
		case s.ch <- e:
		default:
		}
	}
}

// SetForward makes Publish also hand every event to fn (a Relay's queue);
// fn must not block.
func (b *Broker) SetForward(fn func(productionID string, e Event)) {
	b.mu.Lock()
	b.forward = fn
	b.mu.Unlock()
}

// End ends every subscription to a production on this instance (their
// channels close), so that their clients reconnect and read again what they
// may have missed.
func (b *Broker) End(productionID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[productionID] {
		b.remove(productionID, s)
		s.close()
	}
}

// EndAll ends every subscription on this instance (see End).
func (b *Broker) EndAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for pid, subs := range b.subs {
		for s := range subs {
			b.remove(pid, s)
			s.close()
		}
	}
}

// Subscribers counts a production's subscribers (tests, metrics).
func (b *Broker) Subscribers(productionID string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[productionID])
}
