package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
)

// ChangeMemberRole gives a member another role (producers; rule 13).
func (s *Server) ChangeMemberRole(c echo.Context, productionID, memberID string, _ ChangeMemberRoleParams) error {
	var body ChangeRoleRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	m, err := s.svc.ChangeMemberRole(c.Request().Context(), userID(c), productionID, memberID, domain.Role(body.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMember(m))
}

// RemoveMember removes a member, or lets a member leave (rule 13).
func (s *Server) RemoveMember(c echo.Context, productionID, memberID string, _ RemoveMemberParams) error {
	if err := s.svc.RemoveMember(c.Request().Context(), userID(c), productionID, memberID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListInvites lists a production's unused invites, never their tokens.
func (s *Server) ListInvites(c echo.Context, productionID string) error {
	invs, err := s.svc.ListInvites(c.Request().Context(), userID(c), productionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mapSlice(invs, func(i domain.Invite) PendingInvite {
		return PendingInvite{Id: i.ID, Email: i.Email, Role: Role(i.Role), CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt}
	}))
}

// RevokeInvite deletes an unused invite.
func (s *Server) RevokeInvite(c echo.Context, productionID, inviteID string, _ RevokeInviteParams) error {
	if err := s.svc.RevokeInvite(c.Request().Context(), userID(c), productionID, inviteID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
