package coverage

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"sync"
)

// The gzipped answer is kept compressed in runs of chunkLines lines. Gzip
// was most of a coverage read's time (level 1 over ~2.4 MB of JSON for 1,000
// scenes × 20 cast), and it is what a producer's dashboard waited on while
// performers were deciding. Each run of lines keeps its raw deflate blocks
// beside the lines' JSON memos (chunk), so a read compresses only its head,
// the runs whose lines changed since, and its tail.
//
// The answer is one gzip member (RFC 1952): a header, then deflate segments
// each ended by a sync flush (byte-aligned blocks, none final), then a final
// block, the CRC-32 and the length of the whole JSON. Concatenated segments
// are one valid deflate stream (RFC 1951): a segment's back-references never
// reach before its own start. Compressing runs apart costs ~10 % more bytes
// than compressing the whole at once (measured on the benchmark's 1,000
// scenes: fewer repeats to find across runs), far less than it saves.
const chunkLines = 64

// chunk is a run of lines compressed: the raw deflate blocks of their JSON,
// each line after the answer's first preceded by its comma.
type chunk struct {
	comma    bool     // the run begins with a comma (it is not the answer's first line)
	parts    [][]byte // the lines' JSON it was made from: their memos' own bytes
	deflated []byte
	crc      uint32 // CRC-32 of the run's JSON (commas included)
	size     int    // its length
}

// fits reports whether c was made from exactly these lines' JSON: the same
// memo slices (line.json returns the memo's bytes while it holds), so a line
// recomputed, renamed or seen by the other role makes a run compressed again.
func (c *chunk) fits(comma bool, parts [][]byte) bool {
	if c == nil || c.comma != comma || len(c.parts) != len(parts) {
		return false
	}
	for i, p := range parts {
		if len(p) != len(c.parts[i]) || &p[0] != &c.parts[i][0] { // a line's JSON is never empty
			return false
		}
	}
	return true
}

// gzipHeader is RFC 1952's, as compress/gzip writes it at level 1: no
// name, no time, XFL 4 (fastest), OS unknown.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255}

var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // a valid level: no error
	return w
}}

// deflate compresses parts as one segment, separated by sep (nil: none),
// ended by a sync flush, or by the final block when last.
func deflate(parts [][]byte, lead, sep []byte, last bool) []byte {
	var buf bytes.Buffer
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(&buf)
	_, _ = w.Write(lead) // a buffer's writes never fail
	for i, p := range parts {
		if i > 0 {
			_, _ = w.Write(sep)
		}
		_, _ = w.Write(p)
	}
	if last {
		_ = w.Close()
	} else {
		_ = w.Flush()
	}
	return buf.Bytes()
}

// newChunk compresses a run of lines' JSON, after a comma unless the run
// begins the answer.
func newChunk(comma bool, parts [][]byte) *chunk {
	var lead []byte
	if comma {
		lead = []byte{','}
	}
	c := &chunk{comma: comma, parts: parts, deflated: deflate(parts, lead, []byte{','}, false)}
	c.crc, c.size = crc32.Update(0, crc32.IEEETable, lead), len(lead)
	for i, p := range parts {
		if i > 0 {
			c.crc, c.size = crc32.Update(c.crc, crc32.IEEETable, []byte{','}), c.size+1
		}
		c.crc, c.size = crc32.Update(c.crc, crc32.IEEETable, p), c.size+len(p)
	}
	return c
}

// Gzip returns the JSON gzipped, in parts to be sent one after the other
// (the same bytes as WriteJSON once decompressed), and their total length.
// Most parts are kept runs of lines: the caller must not change them.
func (a *Answer) Gzip() (parts [][]byte, size int) {
	role := a.v.memoIndex()
	parts = make([][]byte, 0, len(a.parts)/chunkLines+5)
	parts = append(parts, gzipHeader, deflate(nil, a.head, nil, false))
	crc := crc32.Update(0, crc32.IEEETable, a.head)
	for i := 0; i < len(a.parts); i += chunkLines {
		run, first := a.parts[i:min(i+chunkLines, len(a.parts))], a.v.lines[i]
		c := first.gz[role].Load()
		if !c.fits(i > 0, run) {
			c = newChunk(i > 0, run)
			first.gz[role].Store(c)
		}
		parts = append(parts, c.deflated)
		crc = crc32Combine(crc, c.crc, c.size)
	}
	crc = crc32.Update(crc, crc32.IEEETable, answerTail)
	trailer := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, crc), uint32(a.size))
	parts = append(parts, deflate(nil, answerTail, nil, true), trailer)
	for _, p := range parts {
		size += len(p)
	}
	return parts, size
}

// crc32Combine returns the CRC-32 (IEEE) of a message A then B from A's CRC,
// B's CRC and B's length, without B: appending n bytes multiplies A's
// remainder by x^(8n) modulo the polynomial (in the reflected bit order
// hash/crc32 uses), and B's CRC adds on. The power comes from the table of
// x^(2^k), one multiplication per bit of 8n: some microseconds for a run of
// lines, against reading its ~150 KB again.
func crc32Combine(crcA, crcB uint32, lenB int) uint32 {
	if lenB <= 0 {
		return crcA
	}
	power := uint32(1) << 31                                // x^0
	for k, n := 3, uint64(lenB); n != 0; k, n = k+1, n>>1 { // 8n = 2^3 n
		if n&1 != 0 {
			power = gfMul(power, powersOfX[k])
		}
	}
	return gfMul(power, crcA) ^ crcB
}

// powersOfX[k] is x^(2^k) modulo the CRC-32 polynomial (k up to 3 plus the
// bits of a length).
var powersOfX = func() (t [67]uint32) {
	p := uint32(1) << 30 // x^1
	for k := range t {
		t[k] = p
		p = gfMul(p, p)
	}
	return t
}()

// gfMul multiplies a and b, polynomials over GF(2) modulo the CRC-32
// polynomial, in reflected order (bit 31 is x^0).
func gfMul(a, b uint32) uint32 {
	var product uint32
	for bit := uint32(1) << 31; a != 0; bit >>= 1 {
		if a&bit != 0 {
			product ^= b
			a ^= bit
		}
		if b&1 != 0 {
			b = b>>1 ^ crc32.IEEE
		} else {
			b >>= 1
		}
	}
	return product
}
