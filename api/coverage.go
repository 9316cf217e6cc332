package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// GetCoverage returns the production's coverage: readiness, reasons and
// consent, rider, check-in and debrief states per scene (producers and
// coordinators).
func (s *Server) GetCoverage(c echo.Context, productionID string, params GetCoverageParams) error {
	cov, err := s.svc.GetCoverage(c.Request().Context(), userID(c), productionID, coverageQuery(params.From, params.To))
	if err != nil {
		return err
	}
	if c.QueryParams().Has("pretty") { // Echo's indented JSON, for people reading it
		return c.JSON(http.StatusOK, toCoverage(cov))
	}
	buf := coverageBuffers.Get().(*[]byte)
	defer releaseCoverageBuffer(buf)
	*buf = appendCoverageJSON((*buf)[:0], cov)
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, *buf)
}

func coverageQuery(from, to *openapi_types.Date) service.CoverageQuery {
	var q service.CoverageQuery
	if from != nil {
		q.From = from.String()
	}
	if to != nil {
		q.To = to.String()
	}
	return q
}

func toCoverage(cov service.Coverage) Coverage {
	sum := cov.Summary
	return Coverage{ProductionId: cov.Production.ID, GeneratedAt: cov.GeneratedAt,
		Summary: CoverageSummary{Scenes: sum.Scenes, NotNeeded: sum.NotNeeded, Ready: sum.Ready, AtRisk: sum.AtRisk,
			Blocked: sum.Blocked, DebriefDue: sum.DebriefDue, ConsentConfirmedPct: sum.ConsentConfirmedPct},
		Scenes: mapSlice(cov.Scenes, toCoverageScene)}
}

func toCoverageScene(sc service.SceneCoverage) CoverageScene {
	out := CoverageScene{SceneId: sc.SceneID, Number: sc.Number, Title: sc.Title, CallTime: sc.CallTime,
		Status: SceneStatus(sc.Status), Readiness: Readiness(sc.Readiness),
		ContentTags: mapSlice(sc.ContentTags, func(t domain.ContentTag) ContentTag { return ContentTag(t) }),
		Reasons:     mapSlice(sc.Reasons, func(r string) ReasonCode { return ReasonCode(r) }),
		Cast: mapSlice(sc.Cast, func(m service.CastCoverage) CoverageCast {
			return CoverageCast{UserId: m.UserID, DisplayName: m.DisplayName, Consent: ConsentState(m.Consent), Rider: RiderStatus(m.Rider)}
		})}
	if sc.Coordinator != nil {
		out.Coordinator = &UserRef{UserId: sc.Coordinator.UserID, DisplayName: sc.Coordinator.DisplayName}
	}
	if sc.CurrentVersion > 0 {
		v := sc.CurrentVersion
		out.CurrentVersion = &v
	}
	if ci := sc.LastCheckIn; ci != nil {
		out.LastCheckIn = &CoverageCheckIn{At: ci.At}
		if ci.Outcome != "" {
			o := CheckinAnswer(ci.Outcome)
			out.LastCheckIn.Outcome = &o
		}
	}
	if d := sc.Debrief; d != nil {
		out.Debrief = &CoverageDebrief{Status: DebriefStatus(d.Status), ScheduledAt: d.ScheduledAt}
	}
	return out
}
