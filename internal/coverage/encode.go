package coverage

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"closedset/internal/domain"
)

// The answer's JSON, as openapi.yaml's Coverage schema says.
type (
	document struct {
		ProductionID string      `json:"productionId"`
		GeneratedAt  time.Time   `json:"generatedAt"`
		Summary      summary     `json:"summary"`
		Scenes       []sceneJSON `json:"scenes"`
	}
	summary struct {
		Scenes              int     `json:"scenes"`
		NotNeeded           int     `json:"notNeeded"`
		Ready               int     `json:"ready"`
		AtRisk              int     `json:"atRisk"`
		Blocked             int     `json:"blocked"`
		DebriefDue          int     `json:"debriefDue"`
		ConsentConfirmedPct float64 `json:"consentConfirmedPct"`
	}
	sceneJSON struct {
		SceneID        string              `json:"sceneId"`
		Number         string              `json:"number"`
		Title          string              `json:"title"`
		CallTime       time.Time           `json:"callTime"`
		Status         domain.SceneStatus  `json:"status"`
		ContentTags    []domain.ContentTag `json:"contentTags"`
		Coordinator    *userRef            `json:"coordinator"`
		Readiness      domain.Readiness    `json:"readiness"`
		Reasons        []string            `json:"reasons"`
		CurrentVersion *int                `json:"currentVersion"`
		ConsentCounts  Counts              `json:"consentCounts"`
		Cast           []castJSON          `json:"cast"`
		LastCheckIn    *checkInJSON        `json:"lastCheckIn"`
		Debrief        *debriefJSON        `json:"debrief"`
	}
	userRef struct {
		UserID      string `json:"userId"`
		DisplayName string `json:"displayName"`
	}
	castJSON struct {
		UserID      string              `json:"userId"`
		DisplayName string              `json:"displayName"`
		Consent     domain.ConsentState `json:"consent,omitempty"` // never for producers (rule 10)
		Rider       domain.RiderStatus  `json:"rider"`
	}
	checkInJSON struct {
		At      time.Time `json:"at"`
		Outcome *string   `json:"outcome"`
	}
	debriefJSON struct {
		Status      string    `json:"status"`
		ScheduledAt time.Time `json:"scheduledAt"`
	}
)

// view is one read's answer: the cached lines with the caller's names, the
// moment's check-in outcome and the caller's role applied to copies of them
// (scene) as they are encoded.
type view struct {
	p     domain.Production
	names map[string]string
	who   *nameSet // names, as kept by the Reader (nil: not kept)
	loc   *time.Location
	q     Query
	doc   document // Scenes is left empty: see scene
	lines []*line  // read only
}

func newView(p domain.Production, loc *time.Location, q Query, now time.Time, names map[string]string, lines []*line) view {
	v := view{p: p, names: names, loc: loc, q: q, lines: lines, doc: document{ProductionID: p.ID, GeneratedAt: now}}
	s, confirmed, entries := &v.doc.Summary, 0, 0
	for _, l := range lines {
		s.Scenes++
		switch l.out.Readiness {
		case domain.ReadinessNotNeeded:
			s.NotNeeded++
		case domain.ReadinessReady:
			s.Ready++
		case domain.ReadinessAtRisk:
			s.AtRisk++
		case domain.ReadinessBlocked:
			s.Blocked++
		case domain.ReadinessDebriefDue:
			s.DebriefDue++
		}
		confirmed, entries = confirmed+l.confirmed, entries+l.entries
	}
	s.ConsentConfirmedPct = domain.ConsentConfirmedPct(confirmed, entries)
	return v
}

// scene is a copy of a line as the caller sees it (the line itself is never
// changed): display names (the cast ordered by them), the check-in outcome
// at the time of the read and, for producers, no one's consent (rule 10).
func (v view) scene(l *line) sceneJSON {
	sc := l.out
	sc.Cast = make([]castJSON, len(l.out.Cast))
	for k, m := range l.out.Cast {
		m.DisplayName = v.names[m.UserID]
		if v.p.Role == domain.RoleProducer {
			m.Consent = ""
		}
		sc.Cast[k] = m
	}
	slices.SortFunc(sc.Cast, func(a, b castJSON) int {
		return cmp.Or(strings.Compare(a.DisplayName, b.DisplayName), strings.Compare(a.UserID, b.UserID))
	})
	if c := l.out.Coordinator; c != nil {
		sc.Coordinator = &userRef{UserID: c.UserID, DisplayName: v.names[c.UserID]}
	}
	if k := l.checkin; k != nil {
		sc.LastCheckIn = &checkInJSON{At: k.RequestedAt}
		if c := domain.CheckinView(*k, v.doc.GeneratedAt, true); c.Outcome != "" {
			sc.LastCheckIn.Outcome = &c.Outcome
		}
	}
	return sc
}

// JSON returns a production's coverage as the Coverage schema's JSON, scenes
// ordered by call time, then number: for coordinators with each cast member's
// consent, for producers with consent counts only (rule 10). Errors:
// not_found (unknown production or not a member), forbidden (performers),
// invalid_parameter (a date that is not YYYY-MM-DD), validation_failed (to
// before from).
func (r *Reader) JSON(ctx context.Context, userID, productionID string, q Query) ([]byte, error) {
	v, err := r.read(ctx, userID, productionID, q)
	if err != nil {
		return nil, err
	}
	return v.json()
}

// Answer is a read's coverage, ready to be sent as JSON (the same bytes as
// JSON returns) or gzipped (Gzip), without assembling it (on 1,000
// scenes × 20 cast, megabytes per request that the collector would then
// reclaim). The checks and the read happen first: an error comes before
// anything is written.
func (r *Reader) Answer(ctx context.Context, userID, productionID string, q Query) (*Answer, error) {
	v, err := r.read(ctx, userID, productionID, q)
	if err != nil {
		return nil, err
	}
	return v.answer()
}

// Answer is the JSON of a view in parts: the head up to the scenes' "[",
// each line's JSON (its memo's own bytes, see line.json), and the tail.
type Answer struct {
	v     view
	head  []byte
	parts [][]byte
	size  int
}

var answerTail = []byte("]}")

func (v view) answer() (*Answer, error) {
	head, err := json.Marshal(v.doc) // Scenes is nil: it ends with "scenes":null}
	if err != nil {
		return nil, err
	}
	a := &Answer{v: v, head: append(head[:len(head)-len("null}")], '['), parts: make([][]byte, len(v.lines))}
	a.size = len(a.head) + len(answerTail) + max(len(v.lines)-1, 0) // with the commas
	for i, l := range v.lines {
		a.parts[i] = l.json(v)
		a.size += len(a.parts[i])
	}
	return a, nil
}

// Len is the length of the JSON.
func (a *Answer) Len() int { return a.size }

// WriteJSON writes the JSON, part by part.
func (a *Answer) WriteJSON(w io.Writer) error {
	if _, err := w.Write(a.head); err != nil {
		return err
	}
	comma := []byte{','}
	for i, p := range a.parts {
		if i > 0 {
			if _, err := w.Write(comma); err != nil {
				return err
			}
		}
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	_, err := w.Write(answerTail)
	return err
}

// writeJSON writes what json returns, part by part.
func (v view) writeJSON(w io.Writer) error {
	if !encodeOnce {
		b, err := v.json()
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	a, err := v.answer()
	if err != nil {
		return err
	}
	return a.WriteJSON(w)
}

// encodeOnce keeps each line's JSON per role (see memo), the one
// micro-optimisation kept: BenchmarkViewJSON shows it several times faster
// than json.Marshal of the whole view (the plain version, used when false).
var encodeOnce = true

// json is the view as the Coverage schema's JSON: byte for byte
// json.Marshal of the document with every scene (TestViewJSONIsEncodingJSON).
func (v view) json() ([]byte, error) {
	if !encodeOnce {
		doc := v.doc
		for _, l := range v.lines {
			doc.Scenes = append(doc.Scenes, v.scene(l))
		}
		return json.Marshal(doc)
	}
	a, err := v.answer()
	if err != nil {
		return nil, err
	}
	b := bytes.NewBuffer(make([]byte, 0, a.size))
	err = a.WriteJSON(b) // a buffer's writes never fail
	return b.Bytes(), err
}

// CSV columns: one row per scene, plus — for coordinators only — one per
// scene × current cast member (csvCast; a scene without cast has one row with
// them empty). Times are RFC 3339 in the production's time zone; lists are
// separated by ";".
var (
	csvScene = []string{"scene_id", "scene_number", "scene_title", "call_time", "call_date", "scene_status",
		"content_tags", "readiness", "reasons", "current_version", "coordinator",
		"consent_confirmed", "consent_pending", "consent_declined", "consent_withdrawn",
		"riders_signed", "riders_unsigned", "riders_late",
		"last_checkin_at", "last_checkin_outcome", "debrief_status", "debrief_at"}
	csvCast = []string{"performer_id", "performer", "consent", "rider"}
)

// CSV returns a production's coverage as an RFC 4180 file (CRLF line ends,
// formula-safe cells) with its file name; errors as JSON's.
func (r *Reader) CSV(ctx context.Context, userID, productionID string, q Query) (filename string, body []byte, err error) {
	v, err := r.read(ctx, userID, productionID, q)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	perCast := v.p.Role != domain.RoleProducer
	header := csvScene
	if perCast {
		header = slices.Concat(csvScene, csvCast)
	}
	_ = w.Write(header)
	local := func(t time.Time) string { return t.In(v.loc).Format(time.RFC3339) }
	itoa := strconv.Itoa
	for _, l := range v.lines {
		sc := v.scene(l)
		n, riders := sc.ConsentCounts, l.riders
		// Room for the cast columns: each cast row reuses it (Write keeps nothing).
		row := append(make([]string, 0, len(header)), sc.SceneID, sc.Number, sc.Title, local(sc.CallTime), sc.CallTime.In(v.loc).Format(time.DateOnly),
			string(sc.Status), joinTags(sc.ContentTags), string(sc.Readiness), strings.Join(sc.Reasons, ";"), "", "",
			itoa(n.Confirmed), itoa(n.Pending), itoa(n.Declined), itoa(n.Withdrawn),
			itoa(riders[domain.RiderSigned]), itoa(riders[domain.RiderUnsigned]), itoa(riders[domain.RiderLateSigned]),
			"", "", "", "")
		if sc.CurrentVersion != nil {
			row[9] = itoa(*sc.CurrentVersion)
		}
		if sc.Coordinator != nil {
			row[10] = sc.Coordinator.DisplayName
		}
		if c := sc.LastCheckIn; c != nil {
			row[18] = local(c.At)
			if c.Outcome != nil {
				row[19] = *c.Outcome
			}
		}
		if d := sc.Debrief; d != nil {
			row[20], row[21] = d.Status, local(d.ScheduledAt)
		}
		for k := range row {
			row[k] = csvSafe(row[k])
		}
		if !perCast {
			_ = w.Write(row)
			continue
		}
		if len(sc.Cast) == 0 {
			sc.Cast = []castJSON{{}} // one row, its cast columns empty
		}
		for _, m := range sc.Cast {
			_ = w.Write(append(row, csvSafe(m.UserID), csvSafe(m.DisplayName), string(m.Consent), string(m.Rider)))
		}
	}
	w.Flush()
	return filenameOf(v), buf.Bytes(), w.Error()
}

func joinTags(tags []domain.ContentTag) string {
	s := make([]string, len(tags))
	for i, t := range tags {
		s[i] = string(t)
	}
	return strings.Join(s, ";")
}

// csvSafe neutralises a cell a spreadsheet would run as a formula: one that
// begins with =, +, -, @, a tab or a carriage return gets a leading single
// quote (OWASP's CSV injection advice).
func csvSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// filenameOf is closedset-coverage-<production>[-<from>][-<to>].csv, the
// production named by a slug of its title (its id when the title has no
// letters or digits).
func filenameOf(v view) string {
	name := slug(v.p.Title)
	if name == "" {
		name = slug(v.p.ID)
	}
	parts := []string{"closedset-coverage", name}
	switch q := v.q; {
	case q.From != "" && q.To != "":
		parts = append(parts, q.From, q.To)
	case q.From != "":
		parts = append(parts, "from", q.From)
	case q.To != "":
		parts = append(parts, "to", q.To)
	}
	return strings.Join(parts, "-") + ".csv"
}

// slug keeps ASCII letters and digits, lower-cased, with single hyphens
// between runs, at most 60 characters.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return b.String()
}
