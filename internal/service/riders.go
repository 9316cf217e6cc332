package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"closedset/internal/domain"
	"closedset/internal/storage"
)

// RiderView is a rider version with its due date and lateness.
type RiderView struct {
	domain.Rider
	DueAt time.Time
	Late  bool
}

func riderView(r domain.Rider, sc domain.Scene, noticeHours int) RiderView {
	v := RiderView{Rider: r, DueAt: domain.RiderDue(sc.CallTime, noticeHours)}
	if r.SignedAt != nil {
		v.Late = domain.RiderLate(*r.SignedAt, v.DueAt)
	}
	return v
}

// PutRider drafts a new, unsigned rider version for a cast member (producers
// and coordinators). Errors: not_found, forbidden, validation_failed.
func (s *Service) PutRider(ctx context.Context, userID, sceneID, performerID string, in domain.Rider) (RiderView, error) {
	now := s.now()
	var v RiderView
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionSceneWrite, "", func(tx *storage.Store, a sceneAccess) (record, error) {
		if !slices.ContainsFunc(a.scene.Cast, func(m domain.CastMember) bool { return m.UserID == performerID }) {
			return record{}, domain.Invalid("userId", "This performer is not cast in the scene.")
		}
		r := in
		r.SceneID, r.UserID, r.CreatedAt, r.SignedAt, r.SignedName, r.TextHash = sceneID, performerID, now, nil, "", ""
		r.FootageLimits = strings.TrimSpace(r.FootageLimits)
		r.VisibleAreas, r.Acts = orEmpty(r.VisibleAreas), orEmpty(r.Acts)
		if err := domain.ValidateRider(r); err != nil {
			return record{}, err
		}
		prev, err := tx.LatestRider(ctx, sceneID, performerID)
		if err != nil && !domain.IsCode(err, "not_found") {
			return record{}, err
		}
		r.Version = prev.Version + 1
		if err := tx.CreateRider(ctx, r, userID); err != nil {
			return record{}, err
		}
		v = riderView(r, a.scene, a.production.NoticeHours)
		return record{action: domain.AuditRiderDrafted, at: now, data: map[string]any{"userId": performerID, "version": r.Version}}, nil
	})
	return v, err
}

// SignRider signs the current rider version as the performer themself, with
// their typed full name; the signature keeps a hash of the rider's terms.
// Errors: not_found, forbidden, stale_version, already_signed,
// validation_failed.
func (s *Service) SignRider(ctx context.Context, userID, sceneID, performerID string, version int, fullName string) (RiderView, error) {
	now := s.now()
	fullName = strings.TrimSpace(fullName)
	var v RiderView
	alreadySigned := domain.E(domain.KindConflict, "already_signed", "This rider version is already signed.")
	err := s.sceneChange(ctx, userID, sceneID, domain.ActionRiderSign, performerID, func(tx *storage.Store, a sceneAccess) (record, error) {
		r, err := tx.LatestRider(ctx, sceneID, performerID)
		if err != nil && !domain.IsCode(err, "not_found") {
			return record{}, err
		}
		if err := domain.CheckRiderVersion(version, r.Version); err != nil {
			return record{}, err
		}
		if r.SignedAt != nil {
			return record{}, alreadySigned
		}
		if fullName == "" {
			return record{}, domain.Invalid("fullName", "Type your full name to sign.")
		}
		r.SignedAt, r.SignedName = &now, fullName
		r.TextHash = domain.RiderTextHash(r)
		ok, err := tx.SignRider(ctx, sceneID, performerID, version, fullName, r.TextHash, now)
		if err != nil {
			return record{}, err
		}
		if !ok {
			return record{}, alreadySigned
		}
		if err := done(ctx, tx, domain.RiderSignedTask(sceneID, performerID), now); err != nil {
			return record{}, err
		}
		v = riderView(r, a.scene, a.production.NoticeHours)
		return record{action: domain.AuditRiderSigned, at: now,
			data: map[string]any{"userId": performerID, "version": version, "late": v.Late, "textHash": r.TextHash}}, nil
	})
	return v, err
}

// GetRider returns a performer's current rider version on a scene to staff
// and to that performer. Errors: not_found.
func (s *Service) GetRider(ctx context.Context, userID, sceneID, performerID string) (RiderView, error) {
	a, err := s.accessScene(ctx, s.store, userID, sceneID, domain.ActionRiderView, performerID, false)
	if err != nil {
		return RiderView{}, err
	}
	r, err := s.store.LatestRider(ctx, sceneID, performerID)
	if err != nil {
		return RiderView{}, err
	}
	return riderView(r, a.scene, a.production.NoticeHours), nil
}
