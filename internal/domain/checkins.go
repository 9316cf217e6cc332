package domain

import "time"

// Check-in answers. NoResponse is set by the server on expiry, never by a
// performer, and never counts as OK.
const (
	AnswerOK         = "ok"
	AnswerPause      = "pause"
	AnswerStop       = "stop"
	AnswerNoResponse = "no_response"
)

// CheckIn is a coordinator's on-set question to some or all of a scene's cast.
type CheckIn struct {
	ID          string
	SceneID     string
	Reason      string
	RequestedBy string
	RequestedAt time.Time
	ExpiresAt   time.Time
	ClosedAt    *time.Time
	Responses   []CheckInResponse
	// Open and Outcome are the view at a moment (see CheckinView); Counts
	// is set for those who may see counts (CheckinFor), and Responses is
	// nil for those who may see none.
	Open    bool
	Outcome string
	Counts  *CheckinCounts
}

// CheckinView is a check-in as seen at now: past expiry its unanswered
// entries read no_response; the outcome is computed from every response,
// and left empty when full is false (a performer's view, which holds only
// their own answer and must not reveal the others').
func CheckinView(c CheckIn, now time.Time, full bool) CheckIn {
	c.Open = CheckinOpen(c, now)
	if !c.Open {
		c.Responses = CheckinAtExpiry(c.Responses)
	}
	c.Outcome = ""
	if full {
		c.Outcome = CheckinOutcome(c.Responses)
	}
	return c
}

// CheckInResponse is one addressed performer's answer ("" until answered).
type CheckInResponse struct {
	UserID      string
	DisplayName string
	Answer      string
	AnsweredAt  *time.Time
	Note        string
}

// Check-in expiry bounds and default, in seconds (api.md).
const (
	CheckinMinExpiry     = 30
	CheckinMaxExpiry     = 3600
	CheckinDefaultExpiry = 300
)

// CheckinOpen reports whether a check-in still takes answers at now.
func CheckinOpen(c CheckIn, now time.Time) bool {
	return c.ClosedAt == nil && now.Before(c.ExpiresAt)
}

// CheckinAtExpiry returns the responses as they stand once the check-in has
// expired: every unanswered entry becomes no_response (silence is never OK).
func CheckinAtExpiry(rs []CheckInResponse) []CheckInResponse {
	out := make([]CheckInResponse, len(rs))
	for i, r := range rs {
		if r.Answer == "" {
			r.Answer = AnswerNoResponse
		}
		out[i] = r
	}
	return out
}

var answerSeverity = map[string]int{AnswerOK: 0, AnswerNoResponse: 1, AnswerPause: 2, AnswerStop: 3}

// CheckinOutcome is ok when every addressed performer answered ok, else the
// most serious answer (stop > pause > no_response); "" while some answer is
// still missing.
func CheckinOutcome(rs []CheckInResponse) string {
	worst := AnswerOK
	for _, r := range rs {
		if r.Answer == "" {
			return ""
		}
		if answerSeverity[r.Answer] > answerSeverity[worst] {
			worst = r.Answer
		}
	}
	if len(rs) == 0 {
		return ""
	}
	return worst
}

// NeedsAlert reports whether an answer alerts the scene's coordinators.
func NeedsAlert(answer string) bool {
	return answer == AnswerPause || answer == AnswerStop || answer == AnswerNoResponse
}

// Debrief statuses.
const (
	DebriefScheduled = "scheduled"
	DebriefDone      = "done"
	DebriefCancelled = "cancelled"
)

// Debrief is a scheduled closure conversation after a scene.
type Debrief struct {
	ID           string
	SceneID      string
	ScheduledAt  time.Time
	Location     string
	Status       string
	Notes        string // coordinators only
	Participants []UserRef
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time // last change of any kind (the calendar's SEQUENCE grows with it)
}

// UserRef is a person by id with their display name.
type UserRef struct {
	UserID, DisplayName string
}
