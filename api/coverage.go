package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"closedset/internal/coverage"
)

// GetCoverage returns the production's coverage (producers and coordinators;
// see internal/coverage for what each role sees).
func (s *Server) GetCoverage(c echo.Context, productionID string, params GetCoverageParams) error {
	a, err := s.svc.Coverage().Answer(c.Request().Context(), userID(c), productionID, coverageQuery(params.From, params.To))
	if err != nil {
		return err
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	if a.Len() >= gzipMinLength && precompressed(c) {
		// Mostly kept compressed (internal/coverage/gzip.go), and sent with
		// its length: written in few system calls, not in chunks.
		parts, size := a.Gzip()
		res.Header().Set(echo.HeaderContentLength, strconv.Itoa(size))
		res.WriteHeader(http.StatusOK)
		for _, p := range parts {
			if _, err := res.Write(p); err != nil {
				return err
			}
		}
		return nil
	}
	res.WriteHeader(http.StatusOK)
	return a.WriteJSON(res) // streamed: never the whole document in memory at once
}

// GetCoverageCsv returns the production's coverage as an RFC 4180 CSV
// attachment (producers and coordinators).
func (s *Server) GetCoverageCsv(c echo.Context, productionID string, params GetCoverageCsvParams) error {
	name, body, err := s.svc.Coverage().CSV(c.Request().Context(), userID(c), productionID, coverageQuery(params.From, params.To))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", body)
}

func coverageQuery(from, to *openapi_types.Date) coverage.Query {
	var q coverage.Query
	if from != nil {
		q.From = from.String()
	}
	if to != nil {
		q.To = to.String()
	}
	return q
}
