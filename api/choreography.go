package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// PublishChoreography publishes a new version of a scene's choreography.
func (s *Server) PublishChoreography(c echo.Context, sceneID string, _ PublishChoreographyParams) error {
	var body PublishChoreographyRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	ch, err := s.svc.PublishChoreography(c.Request().Context(), userID(c), sceneID, body.Summary, mapSlice(body.Steps, fromStep))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toChoreography(ch))
}

// GetCurrentChoreography returns the current version with the flags the
// caller may see.
func (s *Server) GetCurrentChoreography(c echo.Context, sceneID string) error {
	ch, err := s.svc.GetChoreography(c.Request().Context(), userID(c), sceneID, 0)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toChoreography(ch))
}

// GetChoreographyVersion returns one published version.
func (s *Server) GetChoreographyVersion(c echo.Context, sceneID string, version int) error {
	ch, err := s.svc.GetChoreography(c.Request().Context(), userID(c), sceneID, version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toChoreography(ch))
}

// ListChoreographyVersions lists a scene's versions, oldest first.
func (s *Server) ListChoreographyVersions(c echo.Context, sceneID string) error {
	vs, err := s.svc.ListChoreographyVersions(c.Request().Context(), userID(c), sceneID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(vs, func(ch domain.Choreography) ChoreographyVersionSummary {
		return ChoreographyVersionSummary{Version: ch.Version, Summary: ch.Summary, PublishedAt: ch.PublishedAt, PublishedBy: ch.PublishedBy}
	}))
}

func fromStep(st Step) domain.Step {
	return domain.Step{Title: st.Title, Description: st.Description, DurationSec: deref(st.DurationSec), Barrier: deref(st.Barrier),
		Performers: mapSlice(st.Performers, func(p StepPerformer) domain.StepPerformer {
			return domain.StepPerformer{UserID: p.UserId, Nudity: domain.Nudity(p.Nudity)}
		}),
		Contacts: mapSlice(st.Contacts, func(ct StepContact) domain.StepContact {
			return domain.StepContact{FromUserID: ct.FromUserId, ToUserID: ct.ToUserId, Area: domain.BodyArea(ct.Area)}
		})}
}

func toStep(st domain.Step) Step {
	out := Step{Title: st.Title, Description: st.Description,
		Performers: mapSlice(st.Performers, func(p domain.StepPerformer) StepPerformer {
			return StepPerformer{UserId: p.UserID, Nudity: Nudity(p.Nudity)}
		}),
		Contacts: mapSlice(st.Contacts, func(ct domain.StepContact) StepContact {
			return StepContact{FromUserId: ct.FromUserID, ToUserId: ct.ToUserID, Area: BodyArea(ct.Area)}
		})}
	if st.DurationSec > 0 {
		out.DurationSec = &st.DurationSec
	}
	if st.Barrier != "" {
		out.Barrier = &st.Barrier
	}
	return out
}

// toChoreography renders a version with the flags the service decided the
// caller sees (rules 6 and 10); none at all: the field is omitted.
func toChoreography(ch service.ChoreographyView) Choreography {
	out := Choreography{SceneId: ch.SceneID, Version: ch.Version, Summary: ch.Summary, Steps: mapSlice(ch.Steps, toStep),
		PublishedAt: ch.PublishedAt, PublishedBy: ch.PublishedBy}
	if ch.FlagsShown {
		flags := mapSlice(ch.Flags, func(f domain.Flag) ChoreographyFlag {
			return ChoreographyFlag{Step: f.Step, UserId: f.UserID, Code: ChoreographyFlagCode(f.Code), Detail: f.Detail}
		})
		out.Flags = &flags
	}
	return out
}
