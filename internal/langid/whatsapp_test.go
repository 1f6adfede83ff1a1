package langid

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// TestWhatsAppNotices detects the language of the localised system notice
// ("Messages and calls are end-to-end encrypted…") that opens each export
// of the WhatsApp locale fixtures: one real sentence per locale.
func TestWhatsAppNotices(t *testing.T) {
	dir := sharedtest.Dir(t, "whatsapp-chat-exports/whats_json/languages")
	files := map[string]string{
		"arabic_ios.txt": "ar", "arabic2_ios.txt": "ar", "deutch_ios.txt": "de", "deutch_android_media.txt": "nl",
		"english_android.txt": "en", "english_ios.txt": "en", "french_ios.txt": "fr", "hindi_ios.txt": "hi",
		"italian_ios.txt": "it", "japanese_ios.txt": "ja", "portugal_ios.txt": "pt", "russian_android.txt": "ru",
		"russian_ios.txt": "ru", "spanish_ios.txt": "es", "thai_ios.txt": "th", "ukrainian_ios.txt": "uk",
	}
	ok := 0
	for name, want := range files {
		notice := firstNotice(t, dir+"/"+name)
		if notice == "" {
			t.Errorf("%s: no system notice found", name)
			continue
		}
		got, conf := Detect(normalize.Fold(notice))
		if got != want {
			t.Logf("%s: Detect(notice) = %s (%.2f); want %s", name, got, conf, want)
			continue
		}
		ok++
	}
	acc := float64(ok) / float64(len(files))
	t.Logf("WhatsApp locale notices: %d/%d (%.3f)", ok, len(files), acc)
	if acc < 0.85 {
		t.Errorf("accuracy on WhatsApp notices = %.3f; want >= 0.85", acc)
	}
}

// firstNotice returns the longest message among the first lines of an
// export, which is the encryption notice.
func firstNotice(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	best := ""
	for i := 0; i < 3 && sc.Scan(); i++ {
		line := sc.Text()
		// "[date time] Name: message"; the notice is the longest message.
		if j := strings.Index(line, ": "); j >= 0 {
			if k := strings.Index(line[j+2:], ": "); k >= 0 && k < 40 {
				line = line[j+2+k+2:]
			} else {
				line = line[j+2:]
			}
		}
		if len(line) > len(best) {
			best = line
		}
	}
	return best
}
