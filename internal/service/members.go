package service

import (
	"context"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// EventMembersChanged is the board event published after someone's role
// changed or their membership ended ({userId}): open streams re-check their
// holder's access at once (and every second anyway, see live.go).
const EventMembersChanged = "members.changed"

// ChangeMemberRole gives a member another role (producers only). Away from
// performer they leave every cast and open check-in of the production; away
// from coordinator they are cleared as its scenes' coordinator (rule 13).
// Errors: not_found, forbidden, validation_failed, last_producer (409).
func (s *Service) ChangeMemberRole(ctx context.Context, actorID, productionID, userID string, role domain.Role) (domain.Membership, error) {
	if !role.Valid() {
		return domain.Membership{}, domain.Invalid("role", "Choose producer, coordinator or performer.")
	}
	var scenes []string
	err := s.write(ctx, func(tx *storage.Store) (record, error) {
		if _, err := authorizeOn(ctx, tx, actorID, productionID, domain.ActionMemberManage, domain.Subject{}); err != nil {
			return record{}, err
		}
		from, err := tx.LockMembers(ctx, productionID, userID)
		if err != nil || from == role {
			return record{}, err
		}
		if err := s.checkProducers(ctx, tx, productionID, from, role); err != nil {
			return record{}, err
		}
		if err := tx.SetMemberRole(ctx, productionID, userID, role); err != nil {
			return record{}, err
		}
		data := map[string]any{"from": string(from), "to": string(role)}
		if scenes, err = s.leaveRole(ctx, tx, productionID, userID, from, role, data); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditMemberRoleChanged, productionID: productionID, actorID: actorID,
			subjectType: "user", subjectID: userID, data: data,
			event: EventMembersChanged, eventData: map[string]any{"userId": userID}}, nil
	})
	if err != nil {
		return domain.Membership{}, err
	}
	s.publishScenes(productionID, scenes)
	u, err := s.store.FindUser(ctx, userID)
	return domain.Membership{ProductionID: productionID, UserID: userID, DisplayName: u.DisplayName,
		Pronouns: u.Pronouns, Role: role}, err
}

// RemoveMember ends someone's membership: a producer may remove anyone, any
// member themself (leaving). They leave every cast and open check-in and are
// cleared as coordinator; their history stays on the record; from the next
// request on the production is invisible to them (rule 13). Errors:
// not_found, forbidden, last_producer (409).
func (s *Service) RemoveMember(ctx context.Context, actorID, productionID, userID string) error {
	var scenes []string
	err := s.write(ctx, func(tx *storage.Store) (record, error) {
		if actorID == userID {
			if _, err := authorizeOn(ctx, tx, actorID, productionID, domain.ActionViewProduction, domain.Subject{}); err != nil {
				return record{}, err
			}
		} else if _, err := authorizeOn(ctx, tx, actorID, productionID, domain.ActionMemberManage, domain.Subject{}); err != nil {
			return record{}, err
		}
		var err error
		var r record
		scenes, r, err = s.endMembership(ctx, tx, productionID, userID, actorID)
		return r, err
	})
	if err == nil {
		s.publishScenes(productionID, scenes)
	}
	return err
}

// endMembership ends userID's membership of a production in tx (by actorID;
// refusing to remove its last producer) with the effects of leaving their
// role, and returns the scenes whose coverage changed and the record to audit.
func (s *Service) endMembership(ctx context.Context, tx *storage.Store, productionID, userID, actorID string) ([]string, record, error) {
	role, err := tx.LockMembers(ctx, productionID, userID)
	if err != nil {
		return nil, record{}, err
	}
	if err := s.checkProducers(ctx, tx, productionID, role, ""); err != nil {
		return nil, record{}, err
	}
	if err := tx.DeleteMember(ctx, productionID, userID); err != nil {
		return nil, record{}, err
	}
	if err := tx.DropQueuedPushes(ctx, productionID, userID); err != nil {
		return nil, record{}, err
	}
	// Nothing there asks them anything any more.
	if err := tx.MarkProductionNotificationsDone(ctx, productionID, userID, s.now()); err != nil {
		return nil, record{}, err
	}
	data := map[string]any{"role": string(role), "self": actorID == userID}
	scenes, err := s.leaveRole(ctx, tx, productionID, userID, role, "", data)
	return scenes, record{action: domain.AuditMemberRemoved, productionID: productionID, actorID: actorID,
		subjectType: "user", subjectID: userID, data: data, event: EventMembersChanged,
		eventData: map[string]any{"userId": userID}}, err
}

// leaveRole undoes what holding from gave userID, for their new role to (""
// when they are no longer a member): a performer leaves every cast, every
// open check-in (their unanswered entries go, so the check-in completes and
// expires without them and never counts them as no_response; answers given,
// consents and riders stay) and every upcoming debrief; a coordinator is
// cleared as coordinator of their scenes (→ no_coordinator). The ids touched go into data (the audit event's:
// ids only); it returns the scenes whose coverage changed.
func (s *Service) leaveRole(ctx context.Context, tx *storage.Store, productionID, userID string, from, to domain.Role,
	data map[string]any) ([]string, error) {
	var scenes []string
	change, _ := domain.ChangeMembership(from, to, 2) // the producer count was checked before
	if change.LeaveCasts {
		cast, err := tx.LeaveCasts(ctx, productionID, userID)
		if err != nil {
			return nil, err
		}
		refs, err := tx.LeaveOpenCheckins(ctx, productionID, userID, s.now())
		if err != nil {
			return nil, err
		}
		checkins := make([]string, len(refs))
		for i, r := range refs {
			checkins[i] = r.ID
			scenes = append(scenes, r.SceneID)
		}
		if err := tx.CloseEmptyCheckins(ctx, checkins, s.now()); err != nil {
			return nil, err
		}
		if err := tx.LeaveUpcomingDebriefs(ctx, productionID, userID, s.now()); err != nil {
			return nil, err
		}
		if err := tx.MarkProductionNotificationsDone(ctx, productionID, userID, s.now()); err != nil {
			return nil, err
		}
		data["leftCasts"], data["leftCheckins"] = cast, checkins
		scenes = append(scenes, cast...)
	}
	if change.ClearCoordinator {
		cleared, err := tx.ClearCoordinator(ctx, productionID, userID, s.now())
		if err != nil {
			return nil, err
		}
		data["uncoordinatedScenes"] = cleared
		scenes = append(scenes, cleared...)
	}
	return scenes, nil
}

// checkProducers refuses (last_producer) a change from → to that would leave
// the production without a producer (domain.ChangeMembership).
func (s *Service) checkProducers(ctx context.Context, tx *storage.Store, productionID string, from, to domain.Role) error {
	if from != domain.RoleProducer {
		return nil
	}
	_, producers, err := tx.CountMembers(ctx, productionID)
	if err != nil {
		return err
	}
	_, err = domain.ChangeMembership(from, to, int(producers))
	return err
}

// publishScenes tells the board that these scenes' coverage changed (after
// commit).
func (s *Service) publishScenes(productionID string, sceneIDs []string) {
	seen := map[string]bool{}
	for _, id := range sceneIDs {
		if !seen[id] {
			seen[id] = true
			s.publish(productionID, EventCoverageChanged, map[string]any{"sceneId": id})
		}
	}
}

// orErr is err when there is one, else alt.
func orErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}
