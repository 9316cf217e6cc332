// Code in this file stubs the operations that are not implemented yet. These are
// replaced in later issues; the 501 answer is rendered by the error handler.

package api

import "github.com/labstack/echo/v4"

// unimplemented answers every operation it holds with errNotImplemented.
// Server embeds it, so each operation moves to Server once it is implemented.
type unimplemented struct{}

func (unimplemented) GetCheckin(ctx echo.Context, checkinId string) error {
	return errNotImplemented
}

func (unimplemented) RespondCheckin(ctx echo.Context, checkinId string, params RespondCheckinParams) error {
	return errNotImplemented
}

func (unimplemented) GetDebrief(ctx echo.Context, debriefId string) error {
	return errNotImplemented
}

func (unimplemented) UpdateDebrief(ctx echo.Context, debriefId string, params UpdateDebriefParams) error {
	return errNotImplemented
}

func (unimplemented) GetDebriefCalendar(ctx echo.Context, debriefId string) error {
	return errNotImplemented
}

func (unimplemented) ListMyCheckins(ctx echo.Context, params ListMyCheckinsParams) error {
	return errNotImplemented
}

func (unimplemented) ListMyDebriefs(ctx echo.Context) error {
	return errNotImplemented
}

func (unimplemented) GetCoverage(ctx echo.Context, productionId string, params GetCoverageParams) error {
	return errNotImplemented
}

func (unimplemented) GetCoverageCsv(ctx echo.Context, productionId string, params GetCoverageCsvParams) error {
	return errNotImplemented
}

func (unimplemented) ListSceneCheckins(ctx echo.Context, sceneId string) error {
	return errNotImplemented
}

func (unimplemented) RequestCheckin(ctx echo.Context, sceneId string, params RequestCheckinParams) error {
	return errNotImplemented
}

func (unimplemented) ScheduleDebrief(ctx echo.Context, sceneId string, params ScheduleDebriefParams) error {
	return errNotImplemented
}
