package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/service"
)

// ListMyScenes lists the caller's scenes as a performer, what needs them first.
func (s *Server) ListMyScenes(c echo.Context) error {
	vs, err := s.svc.ListMyScenes(c.Request().Context(), userID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(vs, toMyScene))
}

func toMyScene(v service.MySceneView) MyScene {
	sc := toScene(v.SceneView)
	out := MyScene{Id: sc.Id, ProductionId: sc.ProductionId, Number: sc.Number, Title: sc.Title, Synopsis: sc.Synopsis,
		CallTime: sc.CallTime, Location: sc.Location, ContentTags: sc.ContentTags, CoordinatorId: sc.CoordinatorId,
		Status: sc.Status, ClosedSet: sc.ClosedSet, Cast: sc.Cast, CurrentVersion: sc.CurrentVersion,
		MyConsent: sc.MyConsent, MyRider: sc.MyRider, ProductionTitle: v.ProductionTitle, Timezone: v.Timezone,
		RiderDueAt: v.RiderDueAt, Needs: mapSlice(v.Needs, func(n string) NeedCode { return NeedCode(n) })}
	if c := v.OpenCheckin; c != nil {
		out.OpenCheckin = &MySceneCheckin{Id: c.ID, ExpiresAt: c.ExpiresAt}
	}
	if d := v.NextDebrief; d != nil {
		out.NextDebrief = &MySceneDebrief{Id: d.ID, ScheduledAt: d.ScheduledAt}
	}
	return out
}
