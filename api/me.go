package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/service"
)

// DeleteMe erases the caller's account (rule 13); the refresh cookie goes too.
func (s *Server) DeleteMe(c echo.Context, _ DeleteMeParams) error {
	var body DeleteMeRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	if err := s.svc.DeleteAccount(c.Request().Context(), userID(c), body.Password, c.RealIP()); err != nil {
		return err
	}
	s.clearRefreshCookie(c)
	return c.NoContent(http.StatusNoContent)
}

// ExportMyRecord serves the caller's whole record as a JSON attachment (rule 14).
func (s *Server) ExportMyRecord(c echo.Context) error {
	r, err := s.svc.ExportMyRecord(c.Request().Context(), userID(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition",
		`attachment; filename=closed-set-record-`+r.ExportedAt.Format("2006-01-02")+`.json`)
	return c.JSON(http.StatusOK, toMyRecord(r))
}

func toProof(p *service.AuditProof) *AuditProof {
	if p == nil {
		return nil
	}
	return &AuditProof{ProductionId: p.ProductionID, Action: p.Action, Hash: p.Hash, Seq: p.Seq}
}

func toMyRecord(r service.MyRecord) MyRecord {
	u := r.Account
	out := MyRecord{ExportedAt: r.ExportedAt,
		Account:          RecordAccount{Id: u.ID, Email: u.Email, DisplayName: u.DisplayName, Pronouns: u.Pronouns, CreatedAt: u.CreatedAt},
		Memberships:      []RecordMembership{},
		ConsentDecisions: []RecordConsentDecision{}, Riders: []RecordRider{}, CheckinAnswers: []RecordCheckinAnswer{},
		Debriefs: []RecordDebrief{}, Boundaries: mapSlice(r.Boundaries, toBoundary),
		Notifications: mapSlice(r.Notifications, toNotification)}
	for _, m := range r.Memberships {
		out.Memberships = append(out.Memberships, RecordMembership{ProductionId: m.ProductionID, ProductionTitle: m.ProductionTitle, Role: Role(m.Role)})
	}
	for i, d := range r.Decisions {
		out.ConsentDecisions = append(out.ConsentDecisions, RecordConsentDecision{ProductionId: d.ProductionID, SceneId: d.SceneID,
			SceneNumber: d.SceneNumber, State: ConsentState(d.State), Version: d.Version, DecidedAt: d.DecidedAt, Note: d.Note,
			PostPhotography: d.PostPhotography, Proof: toProof(r.DecisionProofs[i])})
	}
	for i, rd := range r.Riders {
		areas := make([]BodyArea, len(rd.VisibleAreas))
		for k, a := range rd.VisibleAreas {
			areas[k] = BodyArea(a)
		}
		acts := make([]ContentTag, len(rd.Acts))
		for k, a := range rd.Acts {
			acts[k] = ContentTag(a)
		}
		out.Riders = append(out.Riders, RecordRider{ProductionId: r.RiderScenes[i].ProductionID, SceneId: rd.SceneID,
			SceneNumber: r.RiderScenes[i].SceneNumber, Version: rd.Version, Nudity: Nudity(rd.Nudity), VisibleAreas: areas, Acts: acts,
			StillsAllowed: rd.StillsAllowed, DoubleAllowed: rd.DoubleAllowed, FootageLimits: rd.FootageLimits,
			CreatedAt: rd.CreatedAt, SignedAt: rd.SignedAt, SignedName: rd.SignedName, Proof: toProof(r.RiderProofs[i])})
	}
	for i, a := range r.Answers {
		rec := RecordCheckinAnswer{ProductionId: a.ProductionID, SceneId: a.SceneID, CheckinId: a.CheckinID, Reason: a.Reason,
			RequestedAt: a.RequestedAt.UTC(), ExpiresAt: a.ExpiresAt.UTC(), AnsweredAt: a.AnsweredAt, Note: a.Note,
			Proof: toProof(r.AnswerProofs[i])}
		if a.Answer != "" {
			ans := a.Answer
			rec.Answer = &ans
		}
		out.CheckinAnswers = append(out.CheckinAnswers, rec)
	}
	for _, d := range r.Debriefs {
		out.Debriefs = append(out.Debriefs, RecordDebrief{ProductionId: d.ProductionID, SceneId: d.SceneID, DebriefId: d.DebriefID,
			ScheduledAt: d.ScheduledAt.UTC(), Location: d.Location, Status: d.Status})
	}
	return out
}
