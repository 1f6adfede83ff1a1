package contact

import (
	"strings"

	"github.com/vigie-project/vigie/internal/normalize"
)

// ccTLDs lists the country-code top-level domains (ISO 3166-1 alpha-2 codes
// plus ac, eu, su, uk and a few historical codes still seen in old posts).
const ccTLDs = `ac ad ae af an ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt
bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu
fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io
iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh
mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm
pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf
tg th tj tk tl tm tn to tp tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw`

// idnTLDs lists internationalised country-code TLDs in their Unicode form.
const idnTLDs = `한국 香港 澳門 新加坡 台灣 台湾 中國 中国 გე ລາວ ไทย ලංකා ഭാരതം ಭಾರತ భారత్ சிங்கப்பூர் இலங்கை இந்தியா
ଭାରତ ભારત ਭਾਰਤ ভাৰত ভারত বাংলা भारोत भारतम् भारत ڀارت پاکستان موريتانيا مليسيا مصر قطر فلسطين عمان عراق سورية
سودان تونس بھارت بارت ایران امارات المغرب السعودية الجزائر البحرين الاردن հայ қаз укр срб рф мон мкд ею бел бг ευ ελ`

// gTLDs lists the generic TLDs common enough in posts to be trusted without
// a scheme. Generic TLDs that read as file extensions (zip, mov) are left
// out on purpose: "photo.zip" must not become a URL.
const gTLDs = `com net org edu gov mil int info biz name pro mobi asia tel travel jobs cat coop aero museum xxx
app dev page blog news media email link click online site website web store shop club live life world today
top xyz icu vip fun space tech one agency company business center network group solutions services support
digital studio design art love sexy dating porn adult sex cam tube video chat social cloud host press ltd inc
llc global city london paris berlin brussels amsterdam vlaanderen gent nyc moscow africa arab bzh cymru scot
wales quebec work works career careers money cash finance bank academy education school university health
care clinic doctor hotel tours holiday cars auto house homes properties immo immobilien rent rentals land
estate realty photo photos pics pictures gallery models fashion beauty hair spa massage fit fitness yoga bar
pub cafe restaurant pizza bet casino poker games game win wine beer party events tickets best cool guru
ninja rocks zone plus run team tips wiki review reviews date download stream racing men kim ooo wtf lol fyi
gdn bid trade webcam faith science cricket accountant loan loans country moe ink red blue pink green black
gold plus mba mobile lat bio eco kiwi tokyo istanbul berlin koeln bayern hamburg wien swiss barcelona madrid
cloud solar energy taxi express delivery cargo jetzt ovh rip gmbh srl nrw ruhr
みんな 닷컴 닷넷 在线 中文网 موقع شبكة онлайн сайт рус дети`

// tldSet holds every known TLD in its folded form (as it appears in
// normalize.Fold output), so that lookups work on the matching view.
var tldSet = func() map[string]bool {
	m := make(map[string]bool, 600)
	for _, list := range []string{ccTLDs, idnTLDs, gTLDs} {
		for _, t := range strings.Fields(list) {
			m[normalize.Fold(t).Norm] = true
		}
	}
	return m
}()

// knownTLD reports whether the folded label t is a TLD of the embedded list.
func knownTLD(t string) bool { return tldSet[t] }
