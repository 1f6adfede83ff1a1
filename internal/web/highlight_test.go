package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSegments(t *testing.T) {
	text := "Passage 2500 € par personne"
	got := segments(text, []span{
		{Start: 8, End: 16, Label: "price", Kind: "entity"},                    // "2500 €"
		{Start: 8, End: 29, Label: "price_per_person", Kind: "indicator"},      // "2500 € par personne"
		{Start: 14, End: 15, Label: "inside the euro sign", Kind: "indicator"}, // cut inside €: moved
		{Start: 20, End: 99, Label: "out of range", Kind: "indicator"},         // dropped
		{Start: 5, End: 5, Label: "empty", Kind: "indicator"},                  // dropped
	})
	var b strings.Builder
	for _, s := range got {
		b.WriteString("[" + s.Text + "|" + strings.Join(s.Labels, ",") + "]")
	}
	want := "[Passage |][2500 |price,price_per_person][€|price,price_per_person,inside the euro sign][ par personne|price_per_person]"
	if b.String() != want {
		t.Errorf("segments =\n%s\nwant\n%s", b.String(), want)
	}
}

// FuzzSegments checks that any spans over any text give pieces that put
// the text back together, each valid UTF-8 when the text is.
func FuzzSegments(f *testing.F) {
	f.Add("Passage 2500 € par personne", 8, 14, 13, 27)
	f.Add("", 0, 0, -1, 5)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		segs := segments(text, []span{{Start: a, End: b, Label: "x"}, {Start: c, End: d, Label: "y"}, {Start: a, End: d, Label: "z"}})
		var all strings.Builder
		for _, s := range segs {
			if s.Text == "" {
				t.Fatalf("empty segment in %q", text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(s.Text) {
				t.Fatalf("segment %q of %q is not UTF-8", s.Text, text)
			}
			all.WriteString(s.Text)
		}
		if all.String() != text {
			t.Fatalf("segments of %q join to %q", text, all.String())
		}
	})
}

// TestMarkedHTML checks that marked text escapes the text, the kinds and
// the labels, hostile ones included.
func TestMarkedHTML(t *testing.T) {
	got := string(markedHTML([]segment{
		{Text: "<script>alert(1)</script> & "},
		{Text: `"quoted"`, Labels: []string{`a" onmouseover="x`, "b<c"}, Kinds: []string{`indicator" x="`}},
	}))
	want := `&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark class="indicator&#34; x=&#34;" title="a&#34; onmouseover=&#34;x · b&lt;c">&#34;quoted&#34;</mark>`
	if got != want {
		t.Errorf("markedHTML =\n%s\nwant\n%s", got, want)
	}
}
