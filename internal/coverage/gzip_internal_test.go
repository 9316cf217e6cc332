package coverage

import (
	"bytes"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"closedset/internal/domain"
)

// gunzip decompresses a whole gzip member, checking its CRC-32 and length.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

// TestGzipAnswerIsTheJSON: the gzipped coverage, assembled from runs of
// lines kept compressed, decompresses (CRC and length checked) to exactly
// the JSON, for both roles, for answers shorter and longer than a run and
// not starting at the first line, and again after a rename, an expired
// check-in and a line recomputed; a second read reuses the runs it can and
// compresses again only those whose lines changed.
func TestGzipAnswerIsTheJSON(t *testing.T) {
	p, names, all := synthetic(2*chunkLines+9, 3)
	_, _, other := synthetic(2*chunkLines+9, 3)
	now := time.Date(2026, 12, 1, 7, 1, 0, 0, time.UTC)
	spans := map[string][]*line{"none": nil, "one": all[:1], "short": all[:chunkLines-1], "all": all, "from the 10th": all[10:]}
	for _, step := range []string{"first", "again", "renamed", "expired", "recomputed"} {
		switch step {
		case "renamed":
			names["user-02"] = "Aaron Renamed"
		case "expired":
			now = now.Add(time.Hour)
		case "recomputed":
			// A scene's line recomputed (a write): a new line in its place.
			other[chunkLines+3].out.Title = "Scene recomputed"
			all[chunkLines+3] = other[chunkLines+3]
		}
		for name, span := range spans {
			if name == "all" || name == "from the 10th" {
				span = all[len(all)-len(span):]
			}
			for _, role := range []domain.Role{domain.RoleProducer, domain.RoleCoordinator} {
				p.Role = role
				v := newView(p, time.UTC, Query{}, now, names, span)
				want, err := v.json()
				if err != nil {
					t.Fatal(err)
				}
				a, err := v.answer()
				if err != nil {
					t.Fatal(err)
				}
				parts, size := a.Gzip()
				zipped := bytes.Join(parts, nil)
				if len(zipped) != size {
					t.Errorf("%s, %s, %s: Gzip says %d bytes, its parts are %d", step, name, role, size, len(zipped))
				}
				if got := gunzip(t, zipped); !bytes.Equal(got, want) {
					t.Fatalf("%s, %s, %s: gzipped answer is not the JSON:\n got %.300s\nwant %.300s", step, name, role, got, want)
				}
				if a.Len() != len(want) {
					t.Errorf("%s, %s, %s: Len %d, JSON %d bytes", step, name, role, a.Len(), len(want))
				}
			}
		}
	}
}

// TestGzipRunsAreKept: a run of lines is compressed once and reused while
// its lines' JSON holds; a line recomputed in one run compresses that run
// again and not the others.
func TestGzipRunsAreKept(t *testing.T) {
	p, names, lines := synthetic(2*chunkLines, 3)
	p.Role = domain.RoleCoordinator
	now := time.Date(2026, 12, 1, 7, 1, 0, 0, time.UTC)
	read := func() {
		a, err := newView(p, time.UTC, Query{}, now, names, lines).answer()
		if err != nil {
			t.Fatal(err)
		}
		a.Gzip()
	}
	read()
	first, second := lines[0].gz[1].Load(), lines[chunkLines].gz[1].Load()
	if first == nil || second == nil {
		t.Fatal("the runs were not kept")
	}
	read()
	if lines[0].gz[1].Load() != first || lines[chunkLines].gz[1].Load() != second {
		t.Fatal("an unchanged run was compressed again")
	}
	// A line of the second run recomputed (a write): a new line in its place.
	_, _, other := synthetic(2*chunkLines, 3)
	other[chunkLines+1].out.Title = "Scene recomputed"
	lines[chunkLines+1] = other[chunkLines+1]
	read()
	if lines[0].gz[1].Load() != first {
		t.Error("the first run was compressed again though none of its lines changed")
	}
	if lines[chunkLines].gz[1].Load() == second {
		t.Error("the second run was reused after one of its lines was recomputed")
	}
}

// TestCRC32Combine: the CRC of A then B from A's and B's CRCs and B's
// length is hash/crc32's CRC of the two together, whatever the lengths.
func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range [][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {7, 300}, {1000, 65536}, {3, 200_003}, {150_000, 150_001}} {
		a, b := make([]byte, n[0]), make([]byte, n[1])
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte(nil), a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), len(b)); got != want {
			t.Errorf("lengths %v: combined %08x, want %08x", n, got, want)
		}
	}
}
