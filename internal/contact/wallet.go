package contact

import (
	"crypto/sha256"
	"math/bits"
	"strings"
)

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58Decode decodes s into at most 25 bytes; ok is false for a bad
// character or a longer payload.
func base58Decode(s string) ([25]byte, int, bool) {
	var out [25]byte
	var num [25]byte // big-endian accumulator
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	for i := 0; i < len(s); i++ {
		v := base58Index[s[i]]
		if v < 0 {
			return out, 0, false
		}
		carry := int(v)
		for j := len(num) - 1; j >= 0; j-- {
			carry += int(num[j]) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return out, 0, false
		}
	}
	k := 0
	for k < len(num) && num[k] == 0 {
		k++
	}
	n := zeros + len(num) - k
	if n > 25 {
		return out, 0, false
	}
	copy(out[zeros:], num[k:])
	return out, n, true
}

// validBase58Check reports whether s decodes to 25 bytes with the given
// version byte and a valid double SHA-256 checksum.
func validBase58Check(s string, versions ...byte) bool {
	b, n, ok := base58Decode(s)
	if !ok || n != 25 {
		return false
	}
	h1 := sha256.Sum256(b[:21])
	h2 := sha256.Sum256(h1[:])
	if h2[0] != b[21] || h2[1] != b[22] || h2[2] != b[23] || h2[3] != b[24] {
		return false
	}
	for _, v := range versions {
		if b[0] == v {
			return true
		}
	}
	return false
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// validSegwit reports whether s is a Bitcoin main-net segwit address:
// bech32 for witness version 0, bech32m for later versions (BIP 173, 350).
func validSegwit(s string) bool {
	if len(s) < 14 || len(s) > 90 {
		return false
	}
	if strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return false
	}
	s = strings.ToLower(s)
	if !strings.HasPrefix(s, "bc1") {
		return false
	}
	data := s[3:]
	if len(data) < 7 {
		return false
	}
	vals := make([]byte, 0, 5+len(data))
	vals = append(vals, 3, 3, 0, 2, 3) // expanded hrp "bc"
	for i := 0; i < len(data); i++ {
		v := strings.IndexByte(bech32Charset, data[i])
		if v < 0 {
			return false
		}
		vals = append(vals, byte(v))
	}
	ver := vals[5]
	if ver > 16 {
		return false
	}
	want := uint32(1)
	if ver > 0 {
		want = 0x2bc830a3
	}
	if bech32Polymod(vals) != want {
		return false
	}
	// Convert the 5-bit program to bytes and check its length.
	prog := vals[6 : len(vals)-6]
	acc, nbits, n := 0, 0, 0
	for _, v := range prog {
		acc = acc<<5 | int(v)
		nbits += 5
		if nbits >= 8 {
			nbits -= 8
			n++
		}
	}
	if nbits >= 5 || acc&(1<<nbits-1) != 0 {
		return false
	}
	if n < 2 || n > 40 {
		return false
	}
	return ver != 0 || n == 20 || n == 32
}

// validEthereum reports whether s is "0x" and 40 hex digits, with a valid
// EIP-55 checksum when the letters are of mixed case.
func validEthereum(s string) bool {
	if len(s) != 42 || s[0] != '0' || s[1] != 'x' && s[1] != 'X' {
		return false
	}
	h := s[2:]
	upper, lower := false, false
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case isDigit(c):
		case 'a' <= c && c <= 'f':
			lower = true
		case 'A' <= c && c <= 'F':
			upper = true
		default:
			return false
		}
	}
	if !upper || !lower {
		return true
	}
	sum := keccak256([]byte(strings.ToLower(h)))
	for i := 0; i < 40; i++ {
		c := h[i]
		if isDigit(c) {
			continue
		}
		nib := sum[i/2] >> 4
		if i%2 == 1 {
			nib = sum[i/2] & 0xf
		}
		if (nib >= 8) != ('A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ValidWallet reports whether s is a checksum-valid Bitcoin (P2PKH, P2SH,
// bech32/bech32m), Ethereum or Tron address.
func ValidWallet(s string) bool {
	switch {
	case len(s) == 0:
		return false
	case s[0] == '1' || s[0] == '3':
		return len(s) >= 26 && len(s) <= 35 && validBase58Check(s, 0x00, 0x05)
	case s[0] == 'T':
		return len(s) == 34 && validBase58Check(s, 0x41)
	case s[0] == 'b' || s[0] == 'B':
		return validSegwit(s)
	case s[0] == '0':
		return validEthereum(s)
	}
	return false
}

// keccak256 is the original Keccak-256 (pad 0x01) used by Ethereum, which
// differs from SHA3-256 only in its padding byte.
func keccak256(msg []byte) [32]byte {
	const rate = 136
	var st [25]uint64
	buf := make([]byte, 0, len(msg)+rate)
	buf = append(buf, msg...)
	buf = append(buf, 0x01)
	for len(buf)%rate != 0 {
		buf = append(buf, 0)
	}
	buf[len(buf)-1] |= 0x80
	for off := 0; off < len(buf); off += rate {
		for i := 0; i < rate/8; i++ {
			var w uint64
			for b := 7; b >= 0; b-- {
				w = w<<8 | uint64(buf[off+i*8+b])
			}
			st[i] ^= w
		}
		keccakF(&st)
	}
	var out [32]byte
	for i := 0; i < 4; i++ {
		for b := 0; b < 8; b++ {
			out[i*8+b] = byte(st[i] >> (8 * b))
		}
	}
	return out
}

var keccakRC = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
	0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
	0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// keccakRot gives the rotation of lane x+5y; keccakPi the lane it moves to.
var keccakRot = [25]int{0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14}

func keccakF(a *[25]uint64) {
	for r := 0; r < 24; r++ {
		// θ
		var c [5]uint64
		for x := 0; x < 5; x++ {
			c[x] = a[x] ^ a[x+5] ^ a[x+10] ^ a[x+15] ^ a[x+20]
		}
		for x := 0; x < 5; x++ {
			d := c[(x+4)%5] ^ bits.RotateLeft64(c[(x+1)%5], 1)
			for y := 0; y < 25; y += 5 {
				a[x+y] ^= d
			}
		}
		// ρ and π: B[y, 2x+3y] = rot(A[x, y]).
		var b [25]uint64
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				b[y+5*((2*x+3*y)%5)] = bits.RotateLeft64(a[x+5*y], keccakRot[x+5*y])
			}
		}
		// χ
		for y := 0; y < 25; y += 5 {
			for x := 0; x < 5; x++ {
				a[x+y] = b[x+y] ^ (^b[(x+1)%5+y] & b[(x+2)%5+y])
			}
		}
		// ι
		a[0] ^= keccakRC[r]
	}
}
