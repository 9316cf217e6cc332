package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// SceneInput is what creating a scene takes.
type SceneInput struct {
	Number, Title, Synopsis, Location string
	CallTime                          time.Time
	ContentTags                       []domain.ContentTag
	CoordinatorID                     string
	ClosedSet                         []string
}

// ScenePatch holds the fields of a scene to change; nil leaves one as it is.
type ScenePatch struct {
	Number, Title, Synopsis, Location *string
	CallTime                          *time.Time
	ContentTags                       *[]domain.ContentTag
	CoordinatorID                     *string // "" unassigns
	ClosedSet                         *[]string
	Status                            *domain.SceneStatus
}

// sceneAccess is a scene as one caller may act on it.
type sceneAccess struct {
	scene      domain.Scene
	production domain.Production
	cast       bool
}

// accessScene loads a scene (locking it when lock is set) and checks that the
// caller may see it and do action; forUserID names whose record the action is
// about (consent, rider), "" when none. Errors: not_found (unknown, not a
// member, or a performer not cast), forbidden.
func (s *Service) accessScene(ctx context.Context, st *storage.Store, userID, sceneID string, action domain.Action, forUserID string, lock bool) (sceneAccess, error) {
	var a sceneAccess
	var err error
	a.scene, a.production, err = st.SceneForMember(ctx, sceneID, userID, lock)
	if err != nil {
		return a, err
	}
	noteProduction(ctx, a.scene.ProductionID) // an idempotent replay re-checks this membership
	a.cast = slices.ContainsFunc(a.scene.Cast, func(m domain.CastMember) bool { return m.UserID == userID })
	rel := domain.RelationNone
	if a.cast {
		rel = domain.RelationCast
		if forUserID == userID {
			rel = domain.RelationSelf
		}
	}
	if err := domain.Authorize(a.production.Role, domain.ActionSceneView, domain.Subject{Relation: rel}); err != nil {
		return a, err
	}
	return a, domain.Authorize(a.production.Role, action, domain.Subject{Relation: rel})
}

func (s *Service) validateScene(ctx context.Context, st *storage.Store, sc domain.Scene) error {
	var fields []domain.FieldError
	if sc.Number == "" {
		fields = append(fields, domain.FieldError{Field: "number", Message: "Enter the scene number."})
	}
	if sc.Title == "" {
		fields = append(fields, domain.FieldError{Field: "title", Message: "Enter a title."})
	}
	if sc.CallTime.IsZero() {
		fields = append(fields, domain.FieldError{Field: "callTime", Message: "Enter the call time."})
	}
	for i, name := range sc.ClosedSet {
		if strings.TrimSpace(name) == "" {
			fields = append(fields, domain.FieldError{Field: "closedSet.roster[" + itoa(i) + "]", Message: "Enter a name or role."})
		}
	}
	if sc.CoordinatorID != "" {
		ms, err := st.ListMembers(ctx, sc.ProductionID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ms, func(m domain.Membership) bool {
			return m.UserID == sc.CoordinatorID && m.Role == domain.RoleCoordinator
		}) {
			fields = append(fields, domain.FieldError{Field: "coordinatorId", Message: "Choose a coordinator of this production."})
		}
	}
	if len(fields) > 0 {
		return &domain.Error{Kind: domain.KindInvalid, Code: "validation_failed", Message: "Some fields are not valid.", Fields: fields}
	}
	if err := domain.ValidateContentTags(sc.ContentTags); err != nil {
		return err
	}
	return domain.CheckMinorTags(sc.ContentTags, sc.Cast)
}

// CreateScene adds a scene to a production. Producers and coordinators only.
// Errors: not_found, forbidden, validation_failed, scene_number_taken.
func (s *Service) CreateScene(ctx context.Context, userID, productionID string, in SceneInput) (SceneView, error) {
	now := s.now()
	sc := domain.Scene{ID: newID(), ProductionID: productionID, Number: strings.TrimSpace(in.Number),
		Title: strings.TrimSpace(in.Title), Synopsis: strings.TrimSpace(in.Synopsis), CallTime: in.CallTime.UTC(),
		Location: strings.TrimSpace(in.Location), ContentTags: orEmpty(in.ContentTags), CoordinatorID: in.CoordinatorID,
		Status: domain.ScenePlanned, ClosedSet: trimAll(in.ClosedSet), Cast: []domain.CastMember{}, CreatedAt: now}
	err := s.productionChange(ctx, userID, productionID, domain.ActionSceneWrite, func(tx *storage.Store, _ domain.Production) (record, error) {
		if err := s.validateScene(ctx, tx, sc); err != nil {
			return record{}, err
		}
		if err := tx.CreateScene(ctx, sc); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditSceneCreated, at: now, subjectType: "scene", subjectID: sc.ID, sceneID: sc.ID,
			data: map[string]any{"number": sc.Number, "contentTags": sc.ContentTags, "status": string(sc.Status)}}, nil
	})
	return SceneView{Scene: sc, Counts: &domain.ConsentCounts{}}, err // a new scene has no cast yet
}

// SceneView is a scene as one caller sees it (rule 10): staff get the
// cast's consent counts, a cast performer their own consent and rider state.
type SceneView struct {
	domain.Scene
	Counts    *domain.ConsentCounts // nil: not shown
	MyConsent domain.ConsentState   // "": not shown
	MyRider   domain.RiderStatus    // "": not shown
	// Riders: the rider state of each cast member whose rider the caller
	// may see (staff: everyone's; a cast performer: their own), by user id.
	Riders map[string]CastRider
}

// CastRider is a cast member's rider on a scene list: its coverage state and
// the latest drafted version (0: none drafted yet).
type CastRider struct {
	Status  domain.RiderStatus
	Version int
}

// castRider is the rider state of a cast member on scene sc of production p,
// latest being their latest rider version (nil: none drafted).
func castRider(sc domain.Scene, p domain.Production, latest *domain.Rider) CastRider {
	r := CastRider{Status: domain.CoverageRider(sc.ContentTags, latest, domain.RiderDue(sc.CallTime, p.NoticeHours))}
	if latest != nil {
		r.Version = latest.Version
	}
	return r
}

// ListScenes returns a production's scenes by call time; performers get only
// the scenes they are cast in. Each carries what the caller may see of the
// cast's consent (sceneViews), read with a fixed number of queries for the
// whole list. Errors: not_found.
func (s *Service) ListScenes(ctx context.Context, userID, productionID string) ([]SceneView, error) {
	p, err := s.authorize(ctx, userID, productionID, domain.ActionSceneList, domain.Subject{})
	if err != nil {
		return nil, err
	}
	only := ""
	if p.Role == domain.RolePerformer {
		only = userID
	}
	scenes, err := s.store.ListScenes(ctx, productionID, only)
	if err != nil {
		return nil, err
	}
	return s.sceneViews(ctx, p, userID, "", scenes)
}

// GetScene returns a scene to its production's staff and its cast. Errors:
// not_found.
func (s *Service) GetScene(ctx context.Context, userID, sceneID string) (SceneView, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionSceneView, "", false)
	if err != nil {
		return SceneView{}, err
	}
	vs, err := s.sceneViews(ctx, a.production, userID, sceneID, []domain.Scene{a.scene})
	if err != nil {
		return SceneView{}, err
	}
	return vs[0], nil
}

// sceneViews applies rule 10 (domain.NeedToKnow) to scenes of production p
// (all read, or the one sceneID) for userID: who may see counts gets each
// scene's consent counts; a performer who may see their own record gets
// their consent state and rider state on the scenes they are cast in. One
// statement for consents (and one for riders), whatever the number of scenes.
func (s *Service) sceneViews(ctx context.Context, p domain.Production, userID, sceneID string, scenes []domain.Scene) ([]SceneView, error) {
	out := make([]SceneView, len(scenes))
	for i, sc := range scenes {
		out[i].Scene = sc
	}
	others, own := domain.NeedToKnow(p.Role, domain.RelationCast), domain.NeedToKnow(p.Role, domain.RelationSelf)
	counts := others.Counts
	if len(scenes) == 0 || !counts && !own.Decisions {
		return out, nil
	}
	only := ""
	if !counts {
		only = userID
	}
	st, err := s.store.SceneStates(ctx, p.ID, sceneID, only, others.Rider || own.Rider)
	if err != nil {
		return nil, err
	}
	for i, sc := range scenes {
		for _, m := range sc.Cast {
			k := storage.CastKey{SceneID: sc.ID, UserID: m.UserID}
			var latest *domain.ConsentDecision
			if c, ok := st.Consents[k]; ok {
				latest = &c
			}
			state := domain.CurrentConsent(latest, sc.CurrentVersion)
			self := m.UserID == userID
			switch {
			case counts:
				if out[i].Counts == nil {
					out[i].Counts = &domain.ConsentCounts{}
				}
				out[i].Counts.Add(state)
			case self:
				out[i].MyConsent = state
			}
			if self && own.Rider || !self && others.Rider {
				var rider *domain.Rider
				if r, ok := st.Riders[k]; ok {
					rider = &r
				}
				cr := castRider(sc, p, rider)
				if out[i].Riders == nil {
					out[i].Riders = map[string]CastRider{}
				}
				out[i].Riders[m.UserID] = cr
				if self && !counts {
					out[i].MyRider = cr.Status
				}
			}
		}
		if counts && out[i].Counts == nil {
			out[i].Counts = &domain.ConsentCounts{}
		}
	}
	return out, nil
}

// UpdateScene changes a scene's fields and status. Errors: not_found,
// forbidden, validation_failed, minor_rule, scene_number_taken.
func (s *Service) UpdateScene(ctx context.Context, userID, sceneID string, p ScenePatch) (SceneView, error) {
	now := s.now()
	var sc domain.Scene
	var prod domain.Production
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionSceneWrite, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		sc, prod = a.scene, a.production
		var changed []string
		set := func(name string, apply func()) { apply(); changed = append(changed, name) }
		if p.Number != nil {
			set("number", func() { sc.Number = strings.TrimSpace(*p.Number) })
		}
		if p.Title != nil {
			set("title", func() { sc.Title = strings.TrimSpace(*p.Title) })
		}
		if p.Synopsis != nil {
			set("synopsis", func() { sc.Synopsis = strings.TrimSpace(*p.Synopsis) })
		}
		if p.Location != nil {
			set("location", func() { sc.Location = strings.TrimSpace(*p.Location) })
		}
		if p.CallTime != nil {
			set("callTime", func() { sc.CallTime = p.CallTime.UTC() })
		}
		if p.ContentTags != nil {
			set("contentTags", func() { sc.ContentTags = orEmpty(*p.ContentTags) })
		}
		if p.CoordinatorID != nil {
			set("coordinatorId", func() { sc.CoordinatorID = *p.CoordinatorID })
		}
		if p.ClosedSet != nil {
			set("closedSet", func() { sc.ClosedSet = trimAll(*p.ClosedSet) })
		}
		if p.Status != nil {
			set("status", func() { sc.Status = *p.Status })
		}
		if len(changed) == 0 {
			return record{}, nil // nothing to change, nothing to record
		}
		if err := s.validateScene(ctx, tx, sc); err != nil {
			return record{}, err
		}
		if err := tx.UpdateScene(ctx, sc, now); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditSceneUpdated, at: now,
			data: map[string]any{"fields": changed, "status": string(sc.Status), "contentTags": sc.ContentTags}}, nil
	})
	if err != nil {
		return SceneView{Scene: sc}, err
	}
	vs, err := s.sceneViews(ctx, prod, userID, sceneID, []domain.Scene{sc})
	if err != nil {
		return SceneView{Scene: sc}, err
	}
	return vs[0], nil
}

// CastInput is a performer's entry in a scene's cast.
type CastInput struct {
	CharacterName, GuardianName         string
	Minor, DoubleAllowed, StillsAllowed bool
}

// PutCastMember casts a performer member in a scene, or updates their entry.
// Errors: not_found, forbidden, validation_failed (not a performer of the
// production), minor_rule.
func (s *Service) PutCastMember(ctx context.Context, userID, sceneID, performerID string, in CastInput) (domain.CastMember, error) {
	now := s.now()
	m := domain.CastMember{UserID: performerID, CharacterName: strings.TrimSpace(in.CharacterName), Minor: in.Minor,
		GuardianName: strings.TrimSpace(in.GuardianName), DoubleAllowed: in.DoubleAllowed, StillsAllowed: in.StillsAllowed}
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionSceneWrite, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		if m.CharacterName == "" {
			return record{}, domain.Invalid("characterName", "Enter the character's name.")
		}
		target, err := tx.FindProductionForMember(ctx, a.scene.ProductionID, performerID)
		if err != nil || target.Role != domain.RolePerformer {
			if err != nil && !domain.IsCode(err, "not_found") {
				return record{}, err
			}
			return record{}, domain.Invalid("userId", "Only performers of this production can be cast.")
		}
		if err := domain.CheckMinorCasting(m, a.scene.ContentTags); err != nil {
			return record{}, err
		}
		u, err := tx.FindUser(ctx, performerID)
		if err != nil {
			return record{}, err
		}
		m.DisplayName = u.DisplayName
		if err := tx.PutCastMember(ctx, sceneID, m, now); err != nil {
			return record{}, err
		}
		if err := tx.EnsurePendingConsent(ctx, sceneID, performerID, now); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditCastUpdated, at: now, data: map[string]any{"userId": performerID, "minor": m.Minor}}, nil
	})
	return m, err
}

// RemoveCastMember takes a performer out of a scene's cast. Errors:
// not_found, forbidden.
func (s *Service) RemoveCastMember(ctx context.Context, userID, sceneID, performerID string) error {
	now := s.now()
	return s.sceneChange(ctx, userID, sceneID, domain.ActionSceneWrite, "", func(tx *storage.Store, _ sceneAccess) (record, error) {
		if err := tx.RemoveCastMember(ctx, sceneID, performerID); err != nil {
			return record{}, err
		}
		if err := done(ctx, tx, domain.SceneLeft(sceneID, performerID), now); err != nil {
			return record{}, err
		}
		return record{action: domain.AuditCastRemoved, at: now, data: map[string]any{"userId": performerID}}, nil
	})
}

func trimAll(in []string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, strings.TrimSpace(v))
	}
	return out
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
