package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"closedset/internal/auth"
	"closedset/internal/storage/storagetest"
)

// TestCoverageGzip: GET …/coverage to a client that accepts gzip is gzipped
// (most of it kept compressed between reads, see internal/coverage/gzip.go)
// and decompresses — CRC and length checked — to the very JSON a client
// without gzip gets, before and after a consent changes one scene; a
// coverage under 1 KB is sent as it is.
func TestCoverageGzip(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	f := storagetest.SeedCoverage(t, s.Store, 150, 5, time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC))
	tokens := auth.NewTokens([]byte(strings.Repeat("s", 32)), testPublicURL, s.Clock.Now)
	token := func(userID string) string {
		tok, _, err := tokens.Issue(userID)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(tok, productionID, acceptEncoding string) response {
		req, _ := http.NewRequest("GET", s.URL+"/api/v1/productions/"+productionID+"/coverage", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		res := doRaw(t, client, req)
		if res.Status != http.StatusOK {
			t.Fatalf("status %d: %.300s", res.Status, res.Body)
		}
		return res
	}
	same := func(what, tok string) {
		t.Helper()
		plain := get(tok, f.ProductionID, "")
		zipped := get(tok, f.ProductionID, "gzip, deflate, br")
		if ce := plain.Header.Get("Content-Encoding"); ce != "" {
			t.Fatalf("%s: Content-Encoding %q without Accept-Encoding", what, ce)
		}
		if ce := zipped.Header.Get("Content-Encoding"); ce != "gzip" {
			t.Fatalf("%s: Content-Encoding %q, want gzip", what, ce)
		}
		if v := strings.Join(zipped.Header.Values("Vary"), ","); !strings.Contains(v, "Accept-Encoding") {
			t.Errorf("%s: Vary %q lacks Accept-Encoding", what, v)
		}
		if ct := zipped.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", what, ct)
		}
		zr, err := gzip.NewReader(bytes.NewReader(zipped.Body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: gunzip: %v", what, err)
		}
		if !bytes.Equal(got, plain.Body) {
			t.Fatalf("%s: gzipped coverage differs from the plain one:\n got %.300s\nwant %.300s", what, got, plain.Body)
		}
		if len(zipped.Body)*5 > len(plain.Body) {
			t.Errorf("%s: %d bytes gzipped for %d plain", what, len(zipped.Body), len(plain.Body))
		}
	}
	producer, coordinator := token(f.ProducerID), token(f.CoordinatorID)
	same("producer", producer)
	same("coordinator", coordinator)
	same("producer again", producer)

	// A performer withdraws on one scene: its line, and the run of lines it
	// is in, are computed again.
	res := s.Do(request{Method: "POST", Path: "/api/v1/scenes/" + f.SceneIDs[70] + "/consent/withdraw", Token: token(f.PerformerIDs[0])})
	if res.Status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", res.Status, res.Body)
	}
	same("producer after a withdrawal", producer)
	same("coordinator after a withdrawal", coordinator)

	// An empty production's coverage is under 1 KB: not compressed.
	a := newAccount(t, s, "Empty Producer")
	empty := s.createProduction(a, "Nothing Yet")
	if small := get(a.Token, empty, "gzip"); small.Header.Get("Content-Encoding") != "" || len(small.Body) >= 1024 {
		t.Errorf("empty coverage: Content-Encoding %q, %d bytes", small.Header.Get("Content-Encoding"), len(small.Body))
	}
}
