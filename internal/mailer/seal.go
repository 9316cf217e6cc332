package mailer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
)

// Sealer encrypts queued messages at rest: the message as JSON, sealed with
// AES-256-GCM under a key derived (HKDF-SHA256) from the server secret, with
// the job's id as associated data, so a body copied to another row does not
// open. Only the worker opens a body, right before sending it.
type Sealer struct {
	aead cipher.AEAD
}

// sealLabel separates this key from every other key derived from the secret.
const sealLabel = "closedset mail v1"

// NewSealer derives the mail key from the server secret.
func NewSealer(secret []byte) (*Sealer, error) {
	if len(secret) == 0 {
		return nil, errors.New("mailer: empty secret")
	}
	key, err := hkdf.Key(sha256.New, secret, nil, sealLabel, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal returns the stored form of m for job jobID: base64url of nonce and
// ciphertext.
func (s *Sealer) Seal(jobID string, m Message) (string, error) {
	plain, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, plain, []byte(jobID))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// ErrUnreadable is returned for a body that does not open under this key and
// job id (another server secret, or a body moved to another row).
var ErrUnreadable = errors.New("mailer: the queued message does not open (another secret or another job)")

// Open decrypts the stored body of job jobID.
func (s *Sealer) Open(jobID, body string) (Message, error) {
	var m Message
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return m, ErrUnreadable
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(jobID))
	if err != nil {
		return m, ErrUnreadable
	}
	if err := json.Unmarshal(plain, &m); err != nil {
		return m, ErrUnreadable
	}
	return m, nil
}

// AddressHash is what a job keeps of its recipient: the SHA-256 of the
// lower-cased address (hex), so a job can be matched to an address without
// storing it.
func AddressHash(address string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(address))))
	return hex.EncodeToString(sum[:])
}
