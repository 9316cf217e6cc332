package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// GetConfig tells the app whether e-mail is on (it offers "forgot password"
// and says whether an invite was e-mailed).
func (s *Server) GetConfig(c echo.Context) error {
	return c.JSON(http.StatusOK, PublicConfig{EmailEnabled: s.svc.EmailEnabled()})
}
