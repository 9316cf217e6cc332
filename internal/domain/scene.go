package domain

import "time"

// ContentTag names sensitive content a scene contains.
type ContentTag string

// The content tags.
const (
	TagKissing             ContentTag = "kissing"
	TagTouching            ContentTag = "touching"
	TagPartialNudity       ContentTag = "partial_nudity"
	TagFullNudity          ContentTag = "full_nudity"
	TagSimulatedSex        ContentTag = "simulated_sex"
	TagSexualViolence      ContentTag = "sexual_violence"
	TagPhysicalViolence    ContentTag = "physical_violence"
	TagRestraintSuspension ContentTag = "restraint_suspension"
	TagOtherSensitive      ContentTag = "other_sensitive"
)

// ContentTags lists every tag in the contract's order.
var ContentTags = []ContentTag{TagKissing, TagTouching, TagPartialNudity, TagFullNudity, TagSimulatedSex,
	TagSexualViolence, TagPhysicalViolence, TagRestraintSuspension, TagOtherSensitive}

// Nudity is a level of nudity, ordered none < partial < full.
type Nudity string

// The nudity levels.
const (
	NudityNone    Nudity = "none"
	NudityPartial Nudity = "partial"
	NudityFull    Nudity = "full"
)

// BodyArea is an area of the body named in contacts, riders and boundaries.
type BodyArea string

// The body areas.
const (
	AreaHead      BodyArea = "head"
	AreaFace      BodyArea = "face"
	AreaLips      BodyArea = "lips"
	AreaNeck      BodyArea = "neck"
	AreaShoulders BodyArea = "shoulders"
	AreaArms      BodyArea = "arms"
	AreaHands     BodyArea = "hands"
	AreaChest     BodyArea = "chest"
	AreaBreasts   BodyArea = "breasts"
	AreaAbdomen   BodyArea = "abdomen"
	AreaBack      BodyArea = "back"
	AreaButtocks  BodyArea = "buttocks"
	AreaHips      BodyArea = "hips"
	AreaGenitals  BodyArea = "genitals"
	AreaThighs    BodyArea = "thighs"
	AreaLegs      BodyArea = "legs"
	AreaFeet      BodyArea = "feet"
)

// SceneStatus is where a scene is in production.
type SceneStatus string

// The scene statuses.
const (
	ScenePlanned SceneStatus = "planned"
	SceneShot    SceneStatus = "shot"
	SceneWrapped SceneStatus = "wrapped"
)

// ConsentState is a performer's standing decision on a scene's current
// choreography.
type ConsentState string

// The consent states.
const (
	ConsentPending   ConsentState = "pending"
	ConsentConfirmed ConsentState = "confirmed"
	ConsentDeclined  ConsentState = "declined"
	ConsentWithdrawn ConsentState = "withdrawn"
)

// Scene is a numbered scene of a production.
type Scene struct {
	ID            string
	ProductionID  string
	Number        string
	Title         string
	Synopsis      string
	CallTime      time.Time
	Location      string
	ContentTags   []ContentTag
	CoordinatorID string // "" when none is assigned
	Status        SceneStatus
	ClosedSet     []string // roster: names or roles of essential personnel
	Cast          []CastMember
	// CurrentVersion is the current choreography version, 0 when none is published.
	CurrentVersion int
	CreatedAt      time.Time
}

// CastMember is a performer cast in a scene.
type CastMember struct {
	UserID        string
	DisplayName   string
	CharacterName string
	Minor         bool
	GuardianName  string
	DoubleAllowed bool
	StillsAllowed bool
}

// StepPerformer is a performer's part in a step, with their nudity level.
type StepPerformer struct {
	UserID string
	Nudity Nudity
}

// StepContact is physical contact from one performer to an area of another's
// body (the area is on ToUserID).
type StepContact struct {
	FromUserID string
	ToUserID   string
	Area       BodyArea
}

// Step is one step of a choreography.
type Step struct {
	Title       string
	Description string
	DurationSec int
	Performers  []StepPerformer
	Contacts    []StepContact
	Barrier     string // barrier or modesty garment; required for contact on genitals
}

// Flag codes raised on a choreography version for coordinators.
const (
	FlagBoundaryConflict = "boundary_conflict"
	FlagExceedsRider     = "exceeds_rider"
)

// Flag marks a step that needs a coordinator's attention. Step is 1-based.
type Flag struct {
	Step   int
	UserID string
	Code   string
	Detail string
}

// Choreography is one published, immutable version of a scene's plan.
type Choreography struct {
	SceneID     string
	Version     int
	Summary     string
	Steps       []Step
	PublishedAt time.Time
	PublishedBy string
	Flags       []Flag
}

// ConsentDecision is one entry of a performer's append-only consent history
// for a scene: confirmed or declined on a version, or withdrawn.
type ConsentDecision struct {
	SceneID         string
	UserID          string
	Version         int // the choreography version decided on (for withdrawals: current at the time, 0 if none)
	State           ConsentState
	Note            string
	DecidedAt       time.Time
	PostPhotography bool
}

// Rider is a version of a performer's written consent for a scene.
type Rider struct {
	SceneID       string
	UserID        string
	Version       int
	Nudity        Nudity
	VisibleAreas  []BodyArea
	Acts          []ContentTag
	StillsAllowed bool
	DoubleAllowed bool
	FootageLimits string
	SignedAt      *time.Time
	SignedName    string
	TextHash      string // SHA-256 of the rider's canonical text, set when signed
	CreatedAt     time.Time
}

// Boundary kinds.
const (
	BoundaryNoContact = "no_contact"
	BoundaryMaxNudity = "max_nudity"
	BoundaryNote      = "note"
)

// Boundary is a performer's private limit, production-wide (SceneID "") or for
// one scene.
type Boundary struct {
	ID           string
	UserID       string
	ProductionID string
	SceneID      string
	Kind         string
	Areas        []BodyArea
	MaxNudity    Nudity
	Note         string
	CreatedAt    time.Time
}

// Readiness is a scene's state in the producer's coverage.
type Readiness string

// The readiness states.
const (
	ReadinessNotNeeded  Readiness = "not_needed"
	ReadinessReady      Readiness = "ready"
	ReadinessAtRisk     Readiness = "at_risk"
	ReadinessBlocked    Readiness = "blocked"
	ReadinessDebriefDue Readiness = "debrief_due"
)

// Reason codes explaining a non-ready scene.
const (
	ReasonNoCoordinator    = "no_coordinator"
	ReasonConsentPending   = "consent_pending"
	ReasonConsentDeclined  = "consent_declined" // an extension of product.md's list
	ReasonConsentWithdrawn = "consent_withdrawn"
	ReasonExceedsRider     = "exceeds_rider"
	ReasonRiderMissing     = "rider_missing"
	ReasonLateRider        = "late_rider"
	ReasonClosedSetMissing = "closed_set_missing"
	ReasonNoChoreography   = "no_choreography"
	ReasonDebriefDue       = "debrief_due"
	ReasonMinorRule        = "minor_rule"
)
