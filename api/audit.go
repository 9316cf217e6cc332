package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
)

// ListAuditEvents pages through a production's audit chain.
func (s *Server) ListAuditEvents(c echo.Context, productionID string, params ListAuditEventsParams) error {
	limit := 100
	if params.Limit != nil {
		limit = *params.Limit
	}
	evs, next, err := s.svc.ListAudit(c.Request().Context(), userID(c), productionID, deref(params.After), limit)
	if err != nil {
		return err
	}
	page := AuditPage{Events: mapSlice(evs, toAuditEvent)}
	if next > 0 {
		page.Next = &next
	}
	return c.JSON(http.StatusOK, page)
}

// VerifyAudit recomputes a production's audit chain.
func (s *Server) VerifyAudit(c echo.Context, productionID string) error {
	v, err := s.svc.VerifyAudit(c.Request().Context(), userID(c), productionID)
	if err != nil {
		return err
	}
	out := AuditVerify{Valid: v.Valid, Events: int64(v.Events)}
	if v.Head != "" {
		out.Head = &v.Head
	}
	if !v.Valid {
		out.FirstBadSeq = &v.FirstBadSeq
	}
	return c.JSON(http.StatusOK, out)
}

func toAuditEvent(e domain.AuditEvent) AuditEvent {
	out := AuditEvent{Seq: e.Seq, At: e.At, Action: string(e.Action), SubjectType: e.SubjectType, SubjectId: e.SubjectID,
		Data: e.Data, PrevHash: e.PrevHash, Hash: e.Hash}
	if out.Data == nil {
		out.Data = map[string]any{}
	}
	if e.ActorID != "" {
		out.ActorId = &e.ActorID
	}
	return out
}
