package domain

import "strings"

// Role is what a person is within one production.
type Role string

// The three roles.
const (
	RoleProducer    Role = "producer"
	RoleCoordinator Role = "coordinator"
	RolePerformer   Role = "performer"
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool {
	return r == RoleProducer || r == RoleCoordinator || r == RolePerformer
}

// ProductionKinds are the kinds of production Closed Set knows.
var ProductionKinds = []string{"film", "series", "stage", "commercial", "other"}

// DefaultNoticeHours is a production's notice period unless set.
const DefaultNoticeHours = 48

// NormalizeEmail returns the canonical form of an e-mail address used for
// lookups and uniqueness: trimmed and lower-cased.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10
