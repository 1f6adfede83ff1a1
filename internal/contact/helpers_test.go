package contact

import "crypto/sha256"

func sha256Twice(b []byte) [32]byte {
	h := sha256.Sum256(b)
	return sha256.Sum256(h[:])
}
