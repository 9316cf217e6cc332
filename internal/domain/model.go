package domain

import "time"

// User is a person with an account. The password hash never leaves storage.
type User struct {
	ID          string
	Email       string
	DisplayName string
	Pronouns    string
	CreatedAt   time.Time
}

// Production is a film, series, play or commercial, as seen by one member
// (Role is the caller's role in it).
type Production struct {
	ID          string
	Title       string
	Kind        string
	Timezone    string
	NoticeHours int
	Role        Role
	CreatedAt   time.Time
}

// Membership is one person's role in one production.
type Membership struct {
	ProductionID    string
	ProductionTitle string
	UserID          string
	DisplayName     string
	Pronouns        string
	Role            Role
}

// Invite is a single-use invitation to join a production with a role. Token is
// only known when the invite is created; storage keeps its hash.
type Invite struct {
	ID           string
	ProductionID string
	Token        string
	Email        string
	Role         Role
	InvitedBy    string
	CreatedAt    time.Time
	ExpiresAt    time.Time
	AcceptedAt   *time.Time
	// Emailed: creating the invite queued its link for e-mail to Email
	// (e-mail is configured).
	Emailed bool
}

// InviteTTL is how long an invite stays valid.
const InviteTTL = 7 * 24 * time.Hour
