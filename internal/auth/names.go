package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLen is the fewest characters a password chosen by a person
// may have (NIST SP 800-63B asks for at least 8; vigie guards data about
// victims). Passwords vigie makes (NewPassword) are longer.
const MinPasswordLen = 12

// ValidUserName reports whether name can name an account: 1 to 64
// letters, digits or . _ - @ (an e-mail address fits), so that it reads
// the same everywhere it is printed (audit trail, lists, URLs).
func ValidUserName(name string) bool {
	if name == "" || utf8.RuneCountInString(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@", r)) {
			return false
		}
	}
	return true
}
