package service

import (
	"context"
	"time"

	"closedset/internal/auth"
	"closedset/internal/domain"
	"closedset/internal/live"
)

// TicketTTL is how long a live-board ticket stays valid.
const TicketTTL = 60 * time.Second

// EventCoverageChanged is the event that says a scene's coverage line may have
// changed: {sceneId} and nothing else. It is the only event producers see.
const EventCoverageChanged = "coverage.changed"

// CreateEventTicket returns a single-use ticket that opens a production's
// event stream (coordinators and producers). Errors: not_found, forbidden.
func (s *Service) CreateEventTicket(ctx context.Context, userID, productionID string) (string, error) {
	if _, err := s.authorize(ctx, userID, productionID, domain.ActionEventStream, domain.Subject{}); err != nil {
		return "", err
	}
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return "", err
	}
	return token, s.store.CreateStreamTicket(ctx, hash, userID, productionID, s.now().Add(TicketTTL))
}

// EventStream is a production's events as one member may see them: read
// Events, pass each through View, and call Stop when done.
type EventStream struct {
	Events <-chan live.Event
	Stop   func()
	role   domain.Role
	// stillAllowed re-checks that the holder may still follow the stream
	// (rule 13: a removed member's stream is cut).
	stillAllowed func(ctx context.Context) error
}

// AccessRecheck is how often an open stream re-checks its holder's access
// (rule 13: on any other instance within a second; on this one at once, on
// EventMembersChanged).
const AccessRecheck = time.Second

// StillAllowed reports whether the holder may still follow the stream: nil,
// not_found/forbidden once their membership ended or their role changed, or
// the database's error (the caller keeps the stream open then).
func (st EventStream) StillAllowed(ctx context.Context) error { return st.stillAllowed(ctx) }

// Recheck reports whether an event calls for re-checking access at once.
func (st EventStream) Recheck(e live.Event) bool { return e.Type == EventMembersChanged }

// View returns what the stream's holder sees of an event (rule 10).
// Coordinators get every event as published followed, for an event about a
// scene, by coverage.changed for it. Producers get only coverage.changed with
// the scene id — never user ids, answers or states.
func (st EventStream) View(e live.Event) []live.Event {
	all := domain.NeedToKnow(st.role, domain.RelationNone).Events
	sceneID, ok := e.Data["sceneId"].(string)
	if !ok || sceneID == "" {
		if all && e.Type != EventCoverageChanged {
			return []live.Event{e}
		}
		return nil
	}
	changed := live.Event{Type: EventCoverageChanged, Data: map[string]any{"sceneId": sceneID}}
	if !all || e.Type == EventCoverageChanged {
		return []live.Event{changed}
	}
	return []live.Event{e, changed}
}

// OpenEventStream redeems a ticket for a production and subscribes to its
// events; the caller must still be a coordinator or producer there. Errors:
// invalid_ticket (401).
func (s *Service) OpenEventStream(ctx context.Context, productionID, ticket string) (EventStream, error) {
	invalid := domain.Unauthorized("invalid_ticket", "This stream ticket is unknown, used or expired.")
	userID, pid, err := s.store.RedeemStreamTicket(ctx, auth.HashToken(ticket), s.now())
	if domain.IsCode(err, "not_found") || err == nil && pid != productionID {
		return EventStream{}, invalid
	}
	if err != nil {
		return EventStream{}, err
	}
	p, err := s.authorize(ctx, userID, productionID, domain.ActionEventStream, domain.Subject{})
	if err != nil {
		return EventStream{}, invalid
	}
	ch, stop := s.live.Subscribe(productionID)
	return EventStream{Events: ch, Stop: stop, role: p.Role, stillAllowed: func(ctx context.Context) error {
		q, err := s.authorize(ctx, userID, productionID, domain.ActionEventStream, domain.Subject{})
		if err == nil && q.Role != p.Role {
			err = domain.NotFound("production") // a new role sees otherwise: open a new stream
		}
		return err
	}}, nil
}
