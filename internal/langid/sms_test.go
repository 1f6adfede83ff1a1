package langid

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// TestSMSEnglish runs the UCI SMS collection: 5,574 real English text
// messages, short and full of abbreviations ("Ok lar... Joking wif u
// oni..."), the hardest case for word lists. It reports how many are
// English, how many undetermined and how many wrongly given another
// language; the wrong share must stay low.
func TestSMSEnglish(t *testing.T) {
	f, err := os.Open(sharedtest.File(t, "uci-sms-spam-collection/SMSSpamCollection"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, en, und := 0, 0, 0
	wrong := map[string]int{}
	for sc.Scan() {
		_, msg, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		n++
		switch l, _ := Detect(normalize.Fold(msg)); l {
		case "en":
			en++
		case Und:
			und++
		default:
			wrong[l]++
		}
	}
	nWrong := n - en - und
	t.Logf("UCI SMS: %d messages, en %.3f, und %.3f, other %.3f %v",
		n, float64(en)/float64(n), float64(und)/float64(n), float64(nWrong)/float64(n), wrong)
	if n < 5000 {
		t.Fatalf("read %d messages; want the whole collection", n)
	}
	if float64(nWrong)/float64(n) > 0.05 {
		t.Errorf("%d of %d English SMS given another language; want <= 5%%", nWrong, n)
	}
}
