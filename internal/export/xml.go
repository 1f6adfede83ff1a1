package export

import "unicode/utf8"

// isXMLChar reports whether r may appear in an XML 1.0 document: Char
// of XML 1.0 §2.2, less the C0 and C1 controls and DEL that §2.2
// discourages (they carry nothing readable and some tools reject them).
// Tab, newline and carriage return are kept.
func isXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20 || 0x7f <= r && r <= 0x9f:
		return false
	case r <= 0xd7ff:
		return true
	case 0xe000 <= r && r <= 0xfffd:
		return true
	case 0x10000 <= r && r <= 0x10ffff:
		return true
	}
	return false
}

// writeXMLText writes s escaped for XML 1.0 character data and attribute
// values (either quote): markup characters and tab, newline and carriage
// return become references, so that parsers keep them as they are; bytes
// that are not UTF-8 and characters XML forbids become U+FFFD.
func (b *bufWriter) writeXMLText(s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			switch c {
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '"':
				esc = "&quot;"
			case '\'':
				esc = "&apos;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				if c < 0x20 || c == 0x7f {
					esc = "\uFFFD"
				}
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if r == utf8.RuneError && n == 1 || !isXMLChar(r) {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b.WriteString(s[last:i])
			b.WriteString(esc)
			last = i + width
		}
		i += width
	}
	b.WriteString(s[last:])
}
