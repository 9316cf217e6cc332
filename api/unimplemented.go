// Code in this file stubs the operations that are not implemented yet. These are
// replaced in later issues; the 501 answer is rendered by the error handler.

package api

import "github.com/labstack/echo/v4"

// unimplemented answers every operation it holds with errNotImplemented.
// Server embeds it, so each operation moves to Server once it is implemented.
type unimplemented struct{}

func (unimplemented) GetCoverage(ctx echo.Context, productionId string, params GetCoverageParams) error {
	return errNotImplemented
}

func (unimplemented) GetCoverageCsv(ctx echo.Context, productionId string, params GetCoverageCsvParams) error {
	return errNotImplemented
}
