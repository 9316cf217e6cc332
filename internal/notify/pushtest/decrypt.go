// Package pushtest is a local Web Push receiver for tests: it plays the part
// of a push service and a browser, so a test can check that the server's Web
// Push deliveries are real ones. It verifies the VAPID authorization (RFC 8292)
// and the request headers (RFC 8030), then decrypts the aes128gcm payload
// (RFC 8188, RFC 8291) with the fake subscription's private key and auth
// secret, exactly as a user agent would.
package pushtest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

const (
	saltLen        = 16
	authSecretLen  = 16
	p256PointLen   = 65 // uncompressed P-256 point: 0x04 || X || Y
	tagLen         = 16 // AES-GCM tag
	headerFixedLen = saltLen + 4 + 1
	minRecordSize  = tagLen + 2 // RFC 8188: rs is at least 18
)

// Decrypt decrypts an RFC 8291 aes128gcm body with the user agent's private key (32-byte P-256 scalar) and auth secret (16 bytes).
//
// The body is the RFC 8188 content-coding header (salt, record size, key id
// carrying the application server's ephemeral public key) followed by the
// encrypted records. Every record's padding is checked: the delimiter must be
// 0x02 in the last record and 0x01 in any record before it, and only zero
// bytes may follow it.
func Decrypt(body []byte, uaPrivate []byte, authSecret []byte) ([]byte, error) {
	plaintext, _, err := decrypt(body, uaPrivate, authSecret)
	return plaintext, err
}

// decrypt is Decrypt that also reports how many records the body held.
func decrypt(body []byte, uaPrivate []byte, authSecret []byte) ([]byte, int, error) {
	if len(authSecret) != authSecretLen {
		return nil, 0, fmt.Errorf("auth secret is %d bytes, want %d", len(authSecret), authSecretLen)
	}
	curve := ecdh.P256()
	uaKey, err := curve.NewPrivateKey(uaPrivate)
	if err != nil {
		return nil, 0, fmt.Errorf("user agent private key: %w", err)
	}

	// RFC 8188 section 2.1 header: salt(16) || rs(4) || idlen(1) || keyid(idlen).
	if len(body) < headerFixedLen {
		return nil, 0, fmt.Errorf("body is %d bytes, shorter than the aes128gcm header", len(body))
	}
	salt := body[:saltLen]
	rs := binary.BigEndian.Uint32(body[saltLen : saltLen+4])
	idLen := int(body[saltLen+4])
	if rs < minRecordSize {
		return nil, 0, fmt.Errorf("record size %d is below the minimum of %d", rs, minRecordSize)
	}
	// RFC 8291 section 4: the key id is the application server's public key.
	if idLen != p256PointLen {
		return nil, 0, fmt.Errorf("key id is %d bytes, want a %d-byte uncompressed P-256 point", idLen, p256PointLen)
	}
	if len(body) < headerFixedLen+idLen {
		return nil, 0, errors.New("body ends inside the aes128gcm header")
	}
	asPublicBytes := body[headerFixedLen : headerFixedLen+idLen]
	ciphertext := body[headerFixedLen+idLen:]
	if len(ciphertext) == 0 {
		return nil, 0, errors.New("body has no encrypted record")
	}
	asPublic, err := curve.NewPublicKey(asPublicBytes)
	if err != nil {
		return nil, 0, fmt.Errorf("application server public key in key id: %w", err)
	}

	// RFC 8291 section 3.3/3.4: combine the ECDH secret with the auth secret.
	ecdhSecret, err := uaKey.ECDH(asPublic)
	if err != nil {
		return nil, 0, fmt.Errorf("ecdh: %w", err)
	}
	uaPublicBytes := uaKey.PublicKey().Bytes()
	keyInfo := make([]byte, 0, 14+2*p256PointLen)
	keyInfo = append(keyInfo, "WebPush: info\x00"...)
	keyInfo = append(keyInfo, uaPublicBytes...)
	keyInfo = append(keyInfo, asPublicBytes...)
	ikm, err := hkdf.Key(sha256.New, ecdhSecret, authSecret, string(keyInfo), 32)
	if err != nil {
		return nil, 0, err
	}

	// RFC 8188 section 2.2/2.3: content-encryption key and base nonce.
	prk, err := hkdf.Extract(sha256.New, ikm, salt)
	if err != nil {
		return nil, 0, err
	}
	cek, err := hkdf.Expand(sha256.New, prk, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, 0, err
	}
	baseNonce, err := hkdf.Expand(sha256.New, prk, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, 0, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, 0, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, 0, err
	}

	var plaintext []byte
	records := 0
	for off := 0; off < len(ciphertext); off += int(rs) {
		end := min(off+int(rs), len(ciphertext))
		last := end == len(ciphertext)
		record := ciphertext[off:end]
		if len(record) <= tagLen {
			return nil, 0, fmt.Errorf("record %d is %d bytes, too short for a tag and a padding delimiter", records, len(record))
		}
		nonce := make([]byte, len(baseNonce))
		copy(nonce, baseNonce)
		seq := binary.BigEndian.Uint64(nonce[4:]) ^ uint64(records)
		binary.BigEndian.PutUint64(nonce[4:], seq)
		padded, err := gcm.Open(nil, nonce, record, nil)
		if err != nil {
			return nil, 0, fmt.Errorf("record %d: %w", records, err)
		}
		data, err := unpad(padded, last)
		if err != nil {
			return nil, 0, fmt.Errorf("record %d: %w", records, err)
		}
		plaintext = append(plaintext, data...)
		records++
	}
	if plaintext == nil {
		plaintext = []byte{}
	}
	return plaintext, records, nil
}

// unpad strips RFC 8188 padding: data || delimiter || zero bytes.
func unpad(padded []byte, last bool) ([]byte, error) {
	i := len(padded) - 1
	for i >= 0 && padded[i] == 0 {
		i--
	}
	if i < 0 {
		return nil, errors.New("no padding delimiter")
	}
	want := byte(0x01)
	if last {
		want = 0x02
	}
	if padded[i] != want {
		return nil, fmt.Errorf("padding delimiter is 0x%02x, want 0x%02x", padded[i], want)
	}
	return padded[:i], nil
}
