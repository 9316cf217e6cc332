package api

import (
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"closedset/internal/service"
)

// The coverage of 1,000 scenes × 20 cast is about 2.8 MB of JSON: encoding
// it through the generated types and encoding/json's reflection took longer
// than computing it from the cache. appendCoverageJSON writes the same bytes
// as json.Encoder on toCoverage's result (TestCoverageJSONMatchesEncodingJSON
// holds it to that) straight from the service's values.

// coverageBuffers keeps the buffers of coverage responses between requests.
var coverageBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxKeptBuffer is the largest response buffer kept for the next request: a
// rare huge export is not held in memory for good.
const maxKeptBuffer = 4 << 20

// releaseCoverageBuffer returns a response buffer to the pool unless it grew
// beyond maxKeptBuffer.
func releaseCoverageBuffer(buf *[]byte) {
	if cap(*buf) <= maxKeptBuffer {
		coverageBuffers.Put(buf)
	}
}

// appendCoverageJSON appends the coverage as the Coverage schema's JSON, with
// encoding/json's escaping (HTML-safe) and a final newline.
func appendCoverageJSON(b []byte, cov service.Coverage) []byte {
	b = append(b, `{"generatedAt":`...)
	b = appendJSONTime(b, cov.GeneratedAt)
	b = append(b, `,"productionId":`...)
	b = appendJSONString(b, cov.Production.ID)
	b = append(b, `,"scenes":[`...)
	for i, sc := range cov.Scenes {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCoverageSceneJSON(b, sc)
	}
	s := cov.Summary
	b = append(b, `],"summary":{"atRisk":`...)
	b = strconv.AppendInt(b, int64(s.AtRisk), 10)
	b = append(b, `,"blocked":`...)
	b = strconv.AppendInt(b, int64(s.Blocked), 10)
	b = append(b, `,"consentConfirmedPct":`...)
	b = appendJSONFloat(b, s.ConsentConfirmedPct)
	b = append(b, `,"debriefDue":`...)
	b = strconv.AppendInt(b, int64(s.DebriefDue), 10)
	b = append(b, `,"notNeeded":`...)
	b = strconv.AppendInt(b, int64(s.NotNeeded), 10)
	b = append(b, `,"ready":`...)
	b = strconv.AppendInt(b, int64(s.Ready), 10)
	b = append(b, `,"scenes":`...)
	b = strconv.AppendInt(b, int64(s.Scenes), 10)
	return append(b, "}}\n"...)
}

// appendCoverageSceneJSON appends one CoverageScene (fields in the generated
// type's order; see toCoverageScene for their meaning).
func appendCoverageSceneJSON(b []byte, sc service.SceneCoverage) []byte {
	b = append(b, `{"callTime":`...)
	b = appendJSONTime(b, sc.CallTime)
	b = append(b, `,"cast":[`...)
	for i, m := range sc.Cast {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"consent":`...)
		b = appendJSONString(b, string(m.Consent))
		b = append(b, `,"displayName":`...)
		b = appendJSONString(b, m.DisplayName)
		b = append(b, `,"rider":`...)
		b = appendJSONString(b, string(m.Rider))
		b = append(b, `,"userId":`...)
		b = appendJSONString(b, m.UserID)
		b = append(b, '}')
	}
	b = append(b, `],"contentTags":[`...)
	for i, t := range sc.ContentTags {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, string(t))
	}
	b = append(b, `],"coordinator":`...)
	if c := sc.Coordinator; c != nil {
		b = append(b, `{"displayName":`...)
		b = appendJSONString(b, c.DisplayName)
		b = append(b, `,"userId":`...)
		b = appendJSONString(b, c.UserID)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"currentVersion":`...)
	if sc.CurrentVersion > 0 {
		b = strconv.AppendInt(b, int64(sc.CurrentVersion), 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"debrief":`...)
	if d := sc.Debrief; d != nil {
		b = append(b, `{"scheduledAt":`...)
		b = appendJSONTime(b, d.ScheduledAt)
		b = append(b, `,"status":`...)
		b = appendJSONString(b, d.Status)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"lastCheckIn":`...)
	if ci := sc.LastCheckIn; ci != nil {
		b = append(b, `{"at":`...)
		b = appendJSONTime(b, ci.At)
		b = append(b, `,"outcome":`...)
		if ci.Outcome != "" {
			b = appendJSONString(b, ci.Outcome)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"number":`...)
	b = appendJSONString(b, sc.Number)
	b = append(b, `,"readiness":`...)
	b = appendJSONString(b, string(sc.Readiness))
	b = append(b, `,"reasons":[`...)
	for i, r := range sc.Reasons {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, r)
	}
	b = append(b, `],"sceneId":`...)
	b = appendJSONString(b, sc.SceneID)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(sc.Status))
	b = append(b, `,"title":`...)
	b = appendJSONString(b, sc.Title)
	return append(b, '}')
}

// appendJSONTime appends a time as time.Time's MarshalJSON does (RFC 3339
// with nanoseconds as needed).
func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendJSONFloat appends a float64 as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) { // never for a percentage
		b = strconv.AppendFloat(b, f, 'e', -1, 64)
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2], b = b[n-1], b[:n-1] // e-07 as e-7
		}
		return b
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendJSONString appends s as a JSON string escaped as encoding/json
// escapes it by default: quotes, backslashes and control characters; <, >
// and & (HTML-safe); invalid UTF-8 as U+FFFD; U+2028 and U+2029.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
