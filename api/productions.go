package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// CreateProduction creates a production with the caller as its producer.
func (s *Server) CreateProduction(c echo.Context, _ CreateProductionParams) error {
	var body CreateProductionRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	p, err := s.svc.CreateProduction(c.Request().Context(), userID(c), service.ProductionInput{
		Title: body.Title, Kind: string(body.Kind), Timezone: body.Timezone, NoticeHours: body.NoticeHours})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toProduction(p))
}

// ListProductions lists the caller's productions.
func (s *Server) ListProductions(c echo.Context) error {
	ps, err := s.svc.ListProductions(c.Request().Context(), userID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(ps, toProduction))
}

// GetProduction returns one production of the caller (404 to non-members).
func (s *Server) GetProduction(c echo.Context, productionID string) error {
	p, err := s.svc.GetProduction(c.Request().Context(), userID(c), productionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProduction(p))
}

// ListMembers lists a production's members.
func (s *Server) ListMembers(c echo.Context, productionID string) error {
	ms, err := s.svc.ListMembers(c.Request().Context(), userID(c), productionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(ms, toMember))
}

// CreateInvite invites someone to a production; the response carries the
// single-use link.
func (s *Server) CreateInvite(c echo.Context, productionID string, _ CreateInviteParams) error {
	var body CreateInviteRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	inv, err := s.svc.CreateInvite(c.Request().Context(), userID(c), productionID, body.Email, domain.Role(body.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, Invite{Id: inv.ID, Token: inv.Token, Email: inv.Email, Role: Role(inv.Role),
		ExpiresAt: inv.ExpiresAt, Url: s.svc.PublicURL() + "/invite/" + inv.Token, Emailed: inv.Emailed})
}

// AcceptInvite makes the caller a member with the invite's role.
func (s *Server) AcceptInvite(c echo.Context, token string, _ AcceptInviteParams) error {
	inv, err := s.svc.AcceptInvite(c.Request().Context(), userID(c), token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, AcceptInviteResponse{ProductionId: inv.ProductionID, Role: Role(inv.Role)})
}
