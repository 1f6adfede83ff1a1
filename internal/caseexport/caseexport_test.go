package caseexport

import (
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

// TestMarkedEscapes: the report shows texts written by strangers; their
// markup is text, and only the indicators are marked.
func TestMarkedEscapes(t *testing.T) {
	text := `<script>alert(1)</script> Passage vers "Lampedusa" & retour, 2500 €`
	i := strings.Index(text, "Lampedusa")
	d := store.DocumentJSON{Text: text, Indicators: []vigie.Hit{
		{Start: i, End: i + len("Lampedusa")},
		{Start: i + 2, End: i + 5},             // overlaps the first: dropped
		{Start: len(text), End: len(text) + 9}, // outside: dropped
	}}
	got := string(marked(d))
	want := `&lt;script&gt;alert(1)&lt;/script&gt; Passage vers &#34;<mark>Lampedusa</mark>&#34; &amp; retour, 2500 €`
	if got != want {
		t.Errorf("marked =\n%s\nwant\n%s", got, want)
	}
}
