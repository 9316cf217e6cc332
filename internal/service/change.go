package service

import (
	"context"
	"time"

	"closedset/internal/domain"
	"closedset/internal/live"
	"closedset/internal/storage"
)

// record is what one change puts on the record: its audit event (ids and
// states only, never private text, rule 11) and the board event published
// once it has committed. A record without an action changed nothing: nothing
// is written or published.
type record struct {
	action      domain.AuditAction
	at          time.Time // zero: now
	subjectType string    // "" in a scene change: "scene"
	subjectID   string    // "" in a scene change: the scene's id
	data        map[string]any
	// event is the live board event published after commit, with eventData
	// (sceneId is added for a scene change). "" publishes coverage.changed
	// for the scene, and nothing for a production-level change.
	event     string
	eventData map[string]any

	// Where and by whom: filled by sceneChange and productionChange, or by
	// the caller of write. sceneID names the scene whose coverage changed.
	productionID, actorID, sceneID string
}

// write is the one transaction of a use case: it runs change, appends the
// audit event of the record it returns in the same transaction, and after
// the commit publishes the record's board event. Push jobs that change
// queues (notify) wake the push worker after the commit too.
func (s *Service) write(ctx context.Context, change func(tx *storage.Store) (record, error)) error {
	var r record
	err := s.store.Tx(ctx, func(tx *storage.Store) error {
		var err error
		if r, err = change(tx); err != nil || r.action == "" {
			return err
		}
		return s.audit(ctx, tx, r)
	})
	if err == nil && r.action != "" {
		s.publishRecord(r)
	}
	return err
}

// sceneChange is the shape of every use case that changes a scene: lock the
// scene, check that actorID may do action on it (forUserID names whose
// record the action is about, as in accessScene), run change, audit, and
// publish after commit (see write). The record's subject defaults to the
// scene.
func (s *Service) sceneChange(ctx context.Context, actorID, sceneID string, action domain.Action, forUserID string,
	change func(tx *storage.Store, a sceneAccess) (record, error)) error {
	return s.write(ctx, func(tx *storage.Store) (record, error) {
		a, err := s.accessScene(ctx, tx, actorID, sceneID, action, forUserID, true)
		if err != nil {
			return record{}, err
		}
		r, err := change(tx, a)
		if r.subjectType == "" {
			r.subjectType, r.subjectID = "scene", sceneID
		}
		r.productionID, r.actorID, r.sceneID = a.scene.ProductionID, actorID, sceneID
		return r, err
	})
}

// productionChange is sceneChange for a change to a production as a whole
// (a new scene, a boundary): check that actorID's role there may do action,
// run change, audit, publish after commit.
func (s *Service) productionChange(ctx context.Context, actorID, productionID string, action domain.Action,
	change func(tx *storage.Store, p domain.Production) (record, error)) error {
	return s.write(ctx, func(tx *storage.Store) (record, error) {
		p, err := authorizeOn(ctx, tx, actorID, productionID, action, domain.Subject{})
		if err != nil {
			return record{}, err
		}
		r, err := change(tx, p)
		r.productionID, r.actorID = productionID, actorID
		return r, err
	})
}

// audit appends a record's event to its production's chain in the caller's
// transaction. It is the only writer of audit events.
func (s *Service) audit(ctx context.Context, tx *storage.Store, r record) error {
	if r.at.IsZero() {
		r.at = s.now()
	}
	_, err := tx.AppendAudit(ctx, domain.AuditEvent{ProductionID: r.productionID, At: r.at, ActorID: r.actorID,
		Action: r.action, SubjectType: r.subjectType, SubjectID: r.subjectID, Data: r.data})
	return err
}

// publishRecord sends a committed record's board event: its own, else
// coverage.changed for its scene.
func (s *Service) publishRecord(r record) {
	switch {
	case r.event != "":
		data := r.eventData
		if r.sceneID != "" {
			data = map[string]any{"sceneId": r.sceneID}
			for k, v := range r.eventData {
				data[k] = v
			}
		}
		s.publish(r.productionID, r.event, data)
	case r.sceneID != "":
		s.publish(r.productionID, EventCoverageChanged, map[string]any{"sceneId": r.sceneID})
	}
}

// publish sends a board event once its transaction has committed.
func (s *Service) publish(productionID, typ string, data map[string]any) {
	if s.live != nil && productionID != "" {
		s.live.Publish(productionID, live.Event{Type: typ, Data: data})
	}
}
