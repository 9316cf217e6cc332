package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
)

// PreviewChoreography answers what publishing a body would do; it writes nothing.
func (s *Server) PreviewChoreography(c echo.Context, sceneID string) error {
	var body PublishChoreographyRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	p, err := s.svc.PreviewChoreography(c.Request().Context(), userID(c), sceneID, body.Summary, mapSlice(body.Steps, fromStep))
	if err != nil {
		return err
	}
	out := ChoreographyPreview{Reopens: p.Reopens,
		Diff: mapSlice(p.Diff, func(d domain.StepDiff) StepDiff {
			out := StepDiff{Kind: StepDiffKind(d.Kind), Fields: mapSlice(d.Fields, func(f string) StepField { return StepField(f) })}
			if d.OldIndex >= 0 {
				out.OldIndex = &d.OldIndex
			}
			if d.NewIndex >= 0 {
				out.NewIndex = &d.NewIndex
			}
			return out
		}),
		Flags: mapSlice(p.Flags, func(f domain.Flag) ChoreographyFlag {
			return ChoreographyFlag{Step: f.Step, UserId: f.UserID, Code: ChoreographyFlagCode(f.Code), Detail: f.Detail}
		})}
	if p.CurrentVersion > 0 {
		out.CurrentVersion = &p.CurrentVersion
	}
	return c.JSON(http.StatusOK, out)
}
