package langid

import (
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
)

// heldout are posts written after the word lists were last tuned, kept
// apart so that the accuracy they report is not the accuracy of the lists
// on their own examples.
var heldout = []struct{ lang, text string }{
	{"fr", "Qui connaît un chauffeur pour aller en Angleterre depuis Calais ?"},
	{"fr", "Je suis bloqué en Libye depuis trois mois, ils demandent encore de l'argent à ma famille"},
	{"fr", "Cherche fille sérieuse pour massage, bien payée, logée"},
	{"fr", "dispo ce soir, appelle moi vite 😘"},
	{"fr", "Travail dans le bâtiment en Belgique, payé au noir, pas besoin de papiers"},
	{"en", "Our agency arranges your visa and flight, you repay from your salary"},
	{"en", "bro the boat leaves tomorrow night, be ready at the beach"},
	{"en", "Looking for cleaners, cash in hand, accommodation provided"},
	{"en", "Send me more pics or everyone will see the video"},
	{"en", "Warning: this guy is a scammer, he never paid us"},
	{"nl", "Zoek werk in de bouw, geen papieren, wie kan helpen?"},
	{"nl", "Mooie jonge vrouw nieuw in de stad, alleen hotelbezoek"},
	{"nl", "Wie weet hoe ik aan een rijbewijs kom zonder examen?"},
	{"nl", "Ze hebben zijn paspoort afgenomen en hij slaapt op de werf"},
	{"de", "Suche Arbeit auf dem Bau, bin ab sofort verfügbar"},
	{"de", "Neue Mädchen im Studio, diskret und sauber, ruf an"},
	{"es", "Necesito papeles para trabajar, alguien sabe de un abogado?"},
	{"es", "Chica nueva en la ciudad, solo hoteles, llámame"},
	{"es", "Se ofrece trabajo en el campo, pago en efectivo, sin contrato"},
	{"it", "Offro lavoro come badante, vitto e alloggio, pagamento in nero"},
	{"it", "Ragazza nuova in città, disponibile tutti i giorni"},
	{"pt", "Preciso de ajuda para chegar na Europa, alguém conhece alguém?"},
	{"ro", "Se caută muncitori în construcții, plata săptămânal"},
	{"ro", "Fată nouă în oraș, doar deplasări la hotel"},
	{"ro", "Avem nevoie de ajutor, ne-au luat pașapoartele"},
	{"tr", "Almanya'da iş var, kalacak yer ve yemek bizden"},
	{"tr", "Yunan adalarına bot ile geçiş, çocuklar yarı fiyat"},
	{"tr", "Kardeşler dikkat edin bu adam dolandırıcı"},
	{"ar", "مطلوب عمال بناء في بلجيكا بدون أوراق"},
	{"ar", "وصلنا بالسلامة الحمد لله، شكرا للأخ أبو محمد"},
	{"ar", "ابني محتجز في ليبيا ويطلبون فدية خمسة آلاف دولار"},
	{"ar", "بنات جدد في المدينة للتواصل رسالة خاصة"},
	{"fa", "کسی راه رفتن به آلمان را میداند؟ لطفا کمک کنید"},
	{"fa", "پسرم در یونان گیر افتاده و پول میخواهند"},
	{"fa", "کار ساختمانی در استانبول با جای خواب"},
	{"bg", "Търся работа в Германия, без опит, спешно"},
	{"bg", "Вземаха ни паспортите и не ни плащаха"},
	{"ru", "Нужны работники на стройку, оплата каждую неделю"},
	{"ti", "ኣብ ሊብያ ዘለዉ ኣሕዋትና ሓገዝ የድልዮም እዮም"},
	{"ti", "ገንዘብ ክንከፍል ኣለና ብቕልጡፍ"},
	{"ar", "رحلات بحرية من تونس 🇹🇳 الى 🇮🇹 ضمان 100% السعر 5000 دينار"},
	{"fr", "Bsr les gars, vous savez où on peut trouver un passeur à Dunkerque ?"},
	{"en", "u need papers? we got passports, id cards, all real, dm"},
	{"fr", "ok merci"},
	{"nl", "dank je wel, tot morgen"},
	{"en", "CALL NOW NEW GIRLS IN TOWN"},
	{"fr", "JE CHERCHE UN PASSEUR POUR L'ANGLETERRE"},
}

func TestDetectHeldout(t *testing.T) {
	ok := 0
	for _, p := range heldout {
		got, conf := Detect(normalize.Fold(p.text))
		if got == p.lang {
			ok++
			continue
		}
		t.Logf("Detect(%q) = %s (%.2f); want %s", p.text, got, conf, p.lang)
	}
	acc := float64(ok) / float64(len(heldout))
	t.Logf("accuracy on %d held-out short posts: %.3f", len(heldout), acc)
	if acc < 0.8 {
		t.Errorf("held-out accuracy = %.3f; want >= 0.80", acc)
	}
}
