package export

import (
	"io"
	"testing"
)

// BenchmarkWriters writes 100,000 posts with 3 identifiers each (140,000
// nodes, 300,000 edges) to io.Discard in each format.
func BenchmarkWriters(b *testing.B) {
	posts := benchPosts(100_000)
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"graphml", func(w io.Writer) error { return WriteGraphML(w, posts, nil) }},
		{"gexf", func(w io.Writer) error { return WriteGEXF(w, posts, nil) }},
		{"csv", func(w io.Writer) error { return WriteCSV(w, posts) }},
		{"ftm", func(w io.Writer) error { return WriteFtM(w, posts, nil) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
