package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"closedset/internal/domain"
	"closedset/internal/service"
)

// coverageCSVColumns is the fixed column order of coverage.csv (documented in
// the README): one row per scene × current cast member; a scene without cast
// has one row with the cast columns empty. Times are RFC 3339 in the
// production's time zone; lists are separated by ";".
var coverageCSVColumns = []string{
	"scene_id", "scene_number", "scene_title", "call_time", "call_date", "scene_status", "content_tags",
	"readiness", "reasons", "current_version", "coordinator", "performer_id", "performer", "consent", "rider",
	"last_checkin_at", "last_checkin_outcome", "debrief_status", "debrief_at",
}

// GetCoverageCsv returns the production's coverage as an RFC 4180 CSV
// attachment (producers and coordinators).
func (s *Server) GetCoverageCsv(c echo.Context, productionID string, params GetCoverageCsvParams) error {
	cov, err := s.svc.GetCoverage(c.Request().Context(), userID(c), productionID, coverageQuery(params.From, params.To))
	if err != nil {
		return err
	}
	buf := coverageBuffers.Get().(*[]byte)
	defer releaseCoverageBuffer(buf)
	body, err := coverageCSV(bytes.NewBuffer((*buf)[:0]), cov)
	if err != nil {
		return err
	}
	*buf = body
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+coverageFilename(cov)+`"`)
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", body)
}

// coverageCSV renders coverage rows into buf with CRLF line ends and RFC 4180
// quoting; every cell is spreadsheet-safe (see csvSafe).
func coverageCSV(buf *bytes.Buffer, cov service.Coverage) ([]byte, error) {
	w := csv.NewWriter(buf)
	w.UseCRLF = true
	if err := w.Write(coverageCSVColumns); err != nil {
		return nil, err
	}
	local := func(t time.Time) string { return t.In(cov.Location).Format(time.RFC3339) }
	row := make([]string, len(coverageCSVColumns))
	for _, sc := range cov.Scenes {
		scene := []string{sc.SceneID, sc.Number, sc.Title, local(sc.CallTime), sc.CallTime.In(cov.Location).Format(time.DateOnly),
			string(sc.Status), joinTags(sc.ContentTags), string(sc.Readiness), strings.Join(sc.Reasons, ";"), "", "",
		}
		if sc.CurrentVersion > 0 {
			scene[9] = strconv.Itoa(sc.CurrentVersion)
		}
		if sc.Coordinator != nil {
			scene[10] = sc.Coordinator.DisplayName
		}
		tail := []string{"", "", "", ""}
		if ci := sc.LastCheckIn; ci != nil {
			tail[0], tail[1] = local(ci.At), ci.Outcome
		}
		if d := sc.Debrief; d != nil {
			tail[2], tail[3] = d.Status, local(d.ScheduledAt)
		}
		cast := sc.Cast
		if len(cast) == 0 {
			cast = []service.CastCoverage{{}}
		}
		for _, m := range cast {
			row = append(append(append(row[:0], scene...), m.UserID, m.DisplayName, string(m.Consent), string(m.Rider)), tail...)
			for i := range row {
				row[i] = csvSafe(row[i])
			}
			if err := w.Write(row); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
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

// coverageFilename is closedset-coverage-<production>[-<from>][-<to>].csv,
// the production named by a slug of its title (its id when the title has no
// letters or digits).
func coverageFilename(cov service.Coverage) string {
	name := slug(cov.Production.Title)
	if name == "" {
		name = slug(cov.Production.ID)
	}
	parts := []string{"closedset-coverage", name}
	switch q := cov.Query; {
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
