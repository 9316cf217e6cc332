package storage

import (
	"context"
	"encoding/json"
	"time"

	"closedset/internal/domain"
)

type choreographyRow struct {
	SceneID     string `gorm:"primaryKey"`
	Version     int    `gorm:"primaryKey"`
	Summary     string
	Steps       string
	Flags       string
	PublishedAt time.Time
	PublishedBy string
}

func (choreographyRow) TableName() string { return "choreography_versions" }

// stepRecord is the stored, canonical JSON form of a step: a published
// version reads back byte for byte.
type stepRecord struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	DurationSec int    `json:"durationSec,omitempty"`
	Performers  []struct {
		UserID string `json:"userId"`
		Nudity string `json:"nudity"`
	} `json:"performers"`
	Contacts []struct {
		FromUserID string `json:"fromUserId"`
		ToUserID   string `json:"toUserId"`
		Area       string `json:"area"`
	} `json:"contacts"`
	Barrier string `json:"barrier,omitempty"`
}

type flagRecord struct {
	Step   int    `json:"step"`
	UserID string `json:"userId"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

func encodeSteps(steps []domain.Step) string {
	recs := make([]stepRecord, len(steps))
	for i, st := range steps {
		r := stepRecord{Title: st.Title, Description: st.Description, DurationSec: st.DurationSec, Barrier: st.Barrier}
		r.Performers = make([]struct {
			UserID string `json:"userId"`
			Nudity string `json:"nudity"`
		}, len(st.Performers))
		for j, p := range st.Performers {
			r.Performers[j].UserID, r.Performers[j].Nudity = p.UserID, string(p.Nudity)
		}
		r.Contacts = make([]struct {
			FromUserID string `json:"fromUserId"`
			ToUserID   string `json:"toUserId"`
			Area       string `json:"area"`
		}, len(st.Contacts))
		for j, c := range st.Contacts {
			r.Contacts[j].FromUserID, r.Contacts[j].ToUserID, r.Contacts[j].Area = c.FromUserID, c.ToUserID, string(c.Area)
		}
		recs[i] = r
	}
	return toJSON(recs)
}

func decodeSteps(s string) []domain.Step {
	var recs []stepRecord
	_ = json.Unmarshal([]byte(s), &recs) // written by encodeSteps
	out := make([]domain.Step, len(recs))
	for i, r := range recs {
		st := domain.Step{Title: r.Title, Description: r.Description, DurationSec: r.DurationSec, Barrier: r.Barrier,
			Performers: make([]domain.StepPerformer, len(r.Performers)), Contacts: make([]domain.StepContact, len(r.Contacts))}
		for j, p := range r.Performers {
			st.Performers[j] = domain.StepPerformer{UserID: p.UserID, Nudity: domain.Nudity(p.Nudity)}
		}
		for j, c := range r.Contacts {
			st.Contacts[j] = domain.StepContact{FromUserID: c.FromUserID, ToUserID: c.ToUserID, Area: domain.BodyArea(c.Area)}
		}
		out[i] = st
	}
	return out
}

func (r choreographyRow) domain() domain.Choreography {
	c := domain.Choreography{SceneID: r.SceneID, Version: r.Version, Summary: r.Summary, Steps: decodeSteps(r.Steps),
		PublishedAt: r.PublishedAt.UTC(), PublishedBy: r.PublishedBy, Flags: []domain.Flag{}}
	for _, f := range fromJSON[flagRecord](r.Flags) {
		c.Flags = append(c.Flags, domain.Flag{Step: f.Step, UserID: f.UserID, Code: f.Code, Detail: f.Detail})
	}
	return c
}

// CreateChoreography stores a published version. Versions are never updated.
func (s *Store) CreateChoreography(ctx context.Context, c domain.Choreography) error {
	flags := make([]flagRecord, len(c.Flags))
	for i, f := range c.Flags {
		flags[i] = flagRecord{Step: f.Step, UserID: f.UserID, Code: f.Code, Detail: f.Detail}
	}
	r := choreographyRow{SceneID: c.SceneID, Version: c.Version, Summary: c.Summary, Steps: encodeSteps(c.Steps),
		Flags: toJSON(flags), PublishedAt: c.PublishedAt.UTC(), PublishedBy: c.PublishedBy}
	return translate(s.with(ctx).Create(&r).Error, "choreography version")
}

// FindChoreography returns one version of a scene's choreography; not_found
// when there is no such version.
func (s *Store) FindChoreography(ctx context.Context, sceneID string, version int) (domain.Choreography, error) {
	var r choreographyRow
	err := s.with(ctx).Where("scene_id = ? AND version = ?", sceneID, version).Take(&r).Error
	return r.domain(), translate(err, "Choreography version")
}

// ListChoreography returns a scene's versions, oldest first, without steps.
func (s *Store) ListChoreography(ctx context.Context, sceneID string) ([]domain.Choreography, error) {
	var rows []choreographyRow
	err := s.with(ctx).Select("scene_id", "version", "summary", "published_at", "published_by").
		Where("scene_id = ?", sceneID).Order("version").Find(&rows).Error
	out := make([]domain.Choreography, len(rows))
	for i, r := range rows {
		out[i] = domain.Choreography{SceneID: r.SceneID, Version: r.Version, Summary: r.Summary,
			PublishedAt: r.PublishedAt.UTC(), PublishedBy: r.PublishedBy}
	}
	return out, translate(err, "choreography versions")
}
