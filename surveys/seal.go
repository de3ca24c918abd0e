package surveys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// seal encrypts and authenticates plain under a key derived from the org's
// secret and purpose (AES-256-GCM), so that a value sealed for one purpose
// opens for no other. The result is URL-safe text.
func seal(orgSecret, purpose string, plain []byte) string {
	aead := sealer(orgSecret, purpose)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("surveys: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, []byte(purpose)))
}

// unseal opens what seal sealed for purpose; an error when it was altered
// or sealed otherwise.
func unseal(orgSecret, purpose, sealed string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	aead := sealer(orgSecret, purpose)
	if err != nil || len(b) < aead.NonceSize() {
		return nil, errors.New("sealed value is malformed")
	}
	return aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], []byte(purpose))
}

func sealer(orgSecret, purpose string) cipher.AEAD {
	m := hmac.New(sha256.New, []byte(orgSecret))
	m.Write([]byte("seal:" + purpose))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}
