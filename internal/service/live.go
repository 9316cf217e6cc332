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

// CreateEventTicket returns a single-use ticket that opens a production's live
// board stream (coordinators only). Errors: not_found, forbidden.
func (s *Service) CreateEventTicket(ctx context.Context, userID, productionID string) (string, error) {
	if _, err := s.authorize(ctx, userID, productionID, domain.ActionCheckinRequest, domain.Subject{}); err != nil {
		return "", err
	}
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return "", err
	}
	return token, s.store.CreateStreamTicket(ctx, hash, userID, productionID, s.now().Add(TicketTTL))
}

// OpenEventStream redeems a ticket for a production and subscribes to its
// events; the caller must still be a coordinator there. Errors:
// invalid_ticket (401).
func (s *Service) OpenEventStream(ctx context.Context, productionID, ticket string) (<-chan live.Event, func(), error) {
	invalid := domain.Unauthorized("invalid_ticket", "This stream ticket is unknown, used or expired.")
	userID, pid, err := s.store.RedeemStreamTicket(ctx, auth.HashToken(ticket), s.now())
	if domain.IsCode(err, "not_found") || err == nil && pid != productionID {
		return nil, nil, invalid
	}
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.authorize(ctx, userID, productionID, domain.ActionCheckinRequest, domain.Subject{}); err != nil {
		return nil, nil, invalid
	}
	ch, stop := s.live.Subscribe(productionID)
	return ch, stop, nil
}

// publish sends a board event once its transaction has committed.
func (s *Service) publish(productionID, typ string, data map[string]any) {
	if s.live != nil {
		s.live.Publish(productionID, live.Event{Type: typ, Data: data})
	}
}
