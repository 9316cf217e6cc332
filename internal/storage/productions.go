package storage

import (
	"context"
	"slices"
	"time"

	"closedset/internal/domain"
)

type productionRow struct {
	ID          string `gorm:"primaryKey"`
	Title       string
	Kind        string
	Timezone    string
	NoticeHours int
	CreatedBy   string
	CreatedAt   time.Time
	AuditSeq    int64
	AuditHead   string
}

func (productionRow) TableName() string { return "productions" }

type membershipRow struct {
	ProductionID string `gorm:"primaryKey"`
	UserID       string `gorm:"primaryKey"`
	Role         string
	CreatedAt    time.Time
}

func (membershipRow) TableName() string { return "memberships" }

// productionWithRole is a production joined with the caller's membership.
// (Flat: GORM does not fill unexported embedded structs.)
type productionWithRole struct {
	ID          string
	Title       string
	Kind        string
	Timezone    string
	NoticeHours int
	CreatedAt   time.Time
	Role        string
}

func (r productionWithRole) domain() domain.Production {
	return domain.Production{ID: r.ID, Title: r.Title, Kind: r.Kind, Timezone: r.Timezone,
		NoticeHours: r.NoticeHours, Role: domain.Role(r.Role), CreatedAt: r.CreatedAt.UTC()}
}

// CreateProduction stores a production; the caller adds its first member.
func (s *Store) CreateProduction(ctx context.Context, p domain.Production, createdBy string) error {
	row := productionRow{ID: p.ID, Title: p.Title, Kind: p.Kind, Timezone: p.Timezone,
		NoticeHours: p.NoticeHours, CreatedBy: createdBy, CreatedAt: p.CreatedAt.UTC()}
	return translate(s.with(ctx).Create(&row).Error, "production")
}

// AddMember gives userID a role in a production; conflict/already_member when
// they already hold one.
func (s *Store) AddMember(ctx context.Context, productionID, userID string, role domain.Role, at time.Time) error {
	err := translate(s.with(ctx).Create(&membershipRow{ProductionID: productionID, UserID: userID,
		Role: string(role), CreatedAt: at.UTC()}).Error, "membership")
	if domain.IsCode(err, "conflict") {
		return domain.E(domain.KindConflict, "already_member", "You are already a member of this production.")
	}
	if err != nil {
		return err
	}
	return s.recordAuthChange(ctx, productionID, userID)
}

func (s *Store) productionsOf(ctx context.Context, userID string) *gormDB {
	return s.with(ctx).Table("productions p").
		Select("p.id, p.title, p.kind, p.timezone, p.notice_hours, p.created_at, m.role").
		Joins("JOIN memberships m ON m.production_id = p.id AND m.user_id = ?", userID)
}

// ListProductions returns the productions userID is a member of, newest first,
// each with their role.
func (s *Store) ListProductions(ctx context.Context, userID string) ([]domain.Production, error) {
	var rows []productionWithRole
	err := s.productionsOf(ctx, userID).Order("p.created_at DESC, p.id").Find(&rows).Error
	out := make([]domain.Production, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, translate(err, "productions")
}

// FindProductionForMember returns a production with userID's role in it;
// not_found when it does not exist or userID is not a member.
func (s *Store) FindProductionForMember(ctx context.Context, productionID, userID string) (domain.Production, error) {
	var row productionWithRole
	err := s.productionsOf(ctx, userID).Where("p.id = ?", productionID).Take(&row).Error
	return row.domain(), translate(err, "production")
}

// ListMembers returns a production's members ordered by role then name.
func (s *Store) ListMembers(ctx context.Context, productionID string) ([]domain.Membership, error) {
	type memberRow struct {
		UserID, DisplayName, Pronouns, Role string
	}
	var rows []memberRow
	err := s.with(ctx).Table("memberships m").
		Select("m.user_id, u.display_name, u.pronouns, m.role").
		Joins("JOIN users u ON u.id = m.user_id").
		Where("m.production_id = ?", productionID).
		Order("CASE m.role WHEN 'producer' THEN 0 WHEN 'coordinator' THEN 1 ELSE 2 END, u.display_name, m.user_id").
		Find(&rows).Error
	out := make([]domain.Membership, len(rows))
	for i, r := range rows {
		out[i] = domain.Membership{ProductionID: productionID, UserID: r.UserID, DisplayName: r.DisplayName,
			Pronouns: r.Pronouns, Role: domain.Role(r.Role)}
	}
	return out, translate(err, "members")
}

// ListStaff returns the user ids of a production's producers and
// coordinators (who learn of decisions and answers), without reading the
// performers: one indexed query, however large the cast.
func (s *Store) ListStaff(ctx context.Context, productionID string) ([]domain.Membership, error) {
	if s.memo == nil || !s.inTx {
		return s.listStaff(ctx, productionID)
	}
	return remember(s.memo, s.memo.staff, productionID, slices.Clone, func() ([]domain.Membership, error) { // see access_memo.go
		return s.listStaff(ctx, productionID)
	})
}

func (s *Store) listStaff(ctx context.Context, productionID string) ([]domain.Membership, error) {
	var rows []struct{ UserID, Role string }
	err := s.with(ctx).Table("memberships").Select("user_id, role").
		Where("production_id = ? AND role IN ?", productionID, []string{string(domain.RoleProducer), string(domain.RoleCoordinator)}).
		Order("user_id").Find(&rows).Error
	out := make([]domain.Membership, len(rows))
	for i, r := range rows {
		out[i] = domain.Membership{ProductionID: productionID, UserID: r.UserID, Role: domain.Role(r.Role)}
	}
	return out, translate(err, "members")
}

// ListMemberships returns every production userID belongs to, by title.
func (s *Store) ListMemberships(ctx context.Context, userID string) ([]domain.Membership, error) {
	var rows []productionWithRole
	err := s.productionsOf(ctx, userID).Order("p.title, p.id").Find(&rows).Error
	out := make([]domain.Membership, len(rows))
	for i, r := range rows {
		out[i] = domain.Membership{ProductionID: r.ID, ProductionTitle: r.Title, UserID: userID, Role: domain.Role(r.Role)}
	}
	return out, translate(err, "memberships")
}

// FindProductionTitle returns a production's title; not_found when unknown.
func (s *Store) FindProductionTitle(ctx context.Context, id string) (string, error) {
	var r productionRow
	err := s.with(ctx).Select("title").Where("id = ?", id).Take(&r).Error
	return r.Title, translate(err, "production")
}
