package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// heartbeat keeps idle proxies from closing the live board stream.
const heartbeat = 20 * time.Second

// CreateEventTicket gives a coordinator or producer a single-use ticket for
// the stream.
func (s *Server) CreateEventTicket(c echo.Context, productionID string) error {
	t, err := s.svc.CreateEventTicket(c.Request().Context(), userID(c), productionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, EventTicket{Ticket: t, ExpiresIn: int(service.TicketTTL / time.Second)})
}

// StreamEvents serves a production's events, as the ticket's holder may see
// them, as server-sent events until the client goes away or the server shuts
// down.
func (s *Server) StreamEvents(c echo.Context, productionID string, params StreamEventsParams) error {
	ctx := c.Request().Context()
	stream, err := s.svc.OpenEventStream(ctx, productionID, params.Ticket)
	if err != nil {
		return err
	}
	defer stream.Stop()
	// The stream outlives the server's write timeout.
	_ = http.NewResponseController(c.Response().Writer).SetWriteDeadline(time.Time{})
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("X-Accel-Buffering", "no")
	c.Response().WriteHeader(http.StatusOK)
	fmt.Fprint(c.Response(), ": connected\n\n")
	c.Response().Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	recheck := time.NewTicker(service.AccessRecheck)
	defer recheck.Stop()
	// cut is whether the holder's access has ended (rule 13): then the
	// stream ends. A database failure keeps it open until the next check.
	cut := func() bool {
		err := stream.StillAllowed(ctx)
		return domain.IsCode(err, "not_found") || domain.IsCode(err, "forbidden")
	}
	for {
		select {
		case <-recheck.C:
			if cut() {
				return nil
			}
			continue
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
		case <-tick.C:
			fmt.Fprint(c.Response(), ": ping\n\n")
		case e, ok := <-stream.Events:
			if !ok || stream.Recheck(e) && cut() {
				return nil
			}
			for _, v := range stream.View(e) {
				data, _ := json.Marshal(v.Data) // ids and states
				fmt.Fprintf(c.Response(), "event: %s\ndata: %s\n\n", v.Type, data)
			}
		}
		c.Response().Flush()
	}
}
