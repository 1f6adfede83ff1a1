package langid

// Function words and very common words of each language, written as people
// write them (accents and Persian letters included); they are folded with
// normalize.Fold at init, so "très" is looked up as "tres" and "که" as
// "كه". A word listed for several languages counts a share for each. The
// lists favour words of the genres vigie reads: ads, offers, posts.
var stopWords = map[string]string{
	"fr": `le la les de des du un une et est en que qui pour pas avec sur dans ce cette ces il elle nous vous ils
elles je tu mon ma mes ton ta tes son sa ses au aux par plus ou mais ne se sont être avoir fait très tout tous toutes
bien sans chez comme si on leur leurs suis es sommes êtes ont avez avons ai merci bonjour svp aussi déjà encore après
avant depuis vers entre lui moi toi travail prix personne personnes voyage bateau papiers gratuit disponible appelez
contactez appeler jeunes femmes filles homme hommes pays ici c'est j'ai n'est qu'il d'un d'une l'on aujourd'hui quand
peut peux veux veut faut être cherche recherche offre avec notre nos votre vos rien jamais toujours beaucoup peu
là où ça ceci cela quoi pourquoi comment combien voila voilà demande départ réussite garantie rapide sûr sérieux chaque
semaine mois jour nuit argent payer paiement après arrivée tout-de-suite urgent bonsoir salut mec frère frères soeur
avez-vous est-ce dites-moi s'il plaît`,
	"en": `the and is are to of in for with on at this that you your we our i my me it be have has was were will can not
no from by an or but if they them he she his her what who how all any do does did just get call now free new only more
very here there please contact a old years yrs tall young sexy girl hot sweet am available work job people one girls want need hiring looking offer guaranteed safe
trip travel price would should could about after before their than then also its it's i'm don't can't we're you're
which when where why been being into out up down over make made like well know going good best today tomorrow week
every each per hour day night money pay paid cash send text message apply experience required without through these
those some other such much many most own same so too us him hey hi hello thanks thank dear yes
u ur r wat dat pls plz thx thanx tmrw luv im ya gonna wanna gotta dont cant didnt doesnt isnt wont ive youre
thats whats lol haha ha omg btw idk tho coz cuz msg txt reply babe baby love miss sorry lor lar lah good cool
see nite night ll got go come tell say said think sure right something anything nothing`,
	"nl": `de het een en van is dat die in op te met voor niet zijn er ik je jij u we wij ze hij zij ook maar om als bij aan
naar uit wat wie hoe dan nog wel geen meer veel kan kunnen moet moeten wordt worden heeft hebben was waren zal zou dit
deze al alle onze ons mijn jouw uw hier daar werk geld mensen bellen gratis nu alleen zonder tot over hallo bedankt
graag even echt heel weer jullie hun haar hem mij mee zich iets niets niemand iemand waar waarom wanneer per week
maand dag nacht uur werken zoeken zoek bieden bied ervaring nodig vandaag morgen snel betrouwbaar reis overtocht
papieren betalen betaling aankomst vertrek goed groot klein nieuwe nieuw jaar jaren vrouwen meisjes`,
	"de": `der die das und ist nicht ein eine einen einem dem den des zu mit auf für von sich auch es ich du er sie wir ihr
im am an als bei nach aus wie noch nur oder aber wenn dann so sehr kann können muss müssen wird werden hat haben war
sind bin bist gibt kein keine mehr hier jetzt arbeit geld bitte danke hallo mich mir dich dir uns euch ihnen sein
ihre unsere unser meine mein dein deine was wer wo warum wann schon immer heute morgen woche monat tag nacht stunde
arbeiten suchen suche bieten erfahrung ohne über unter zwischen durch gegen reise zahlen zahlung ankunft schnell
sicher gut neue neu jahre frauen mädchen leute menschen diese dieser dieses`,
	"es": `el la los las de del y en que es un una por para con no se su sus al lo como más pero muy ya está están este
esto eso esta hay ser son tiene tienen puede yo tú mi te nos usted ustedes le les donde dónde cuando todo todos sin
sobre hasta desde trabajo dinero gracias hola viaje también porque qué cómo cuánto cuanto quién quien aquí allí ahora
hoy mañana semana mes día noche hora trabajar buscamos busco ofrecemos experiencia necesario rápido seguro bueno
nuevo nueva años mujeres chicas gente personas pago pagar llegada salida papeles garantizado somos estamos
tengo tienes quiero quieres mucho muchos pocos nada nadie algo alguien entonces`,
	"it": `il lo la i gli le di del della dei delle degli e è che un una uno per con non si sono sei ho hai ha abbiamo
avete hanno al alla allo ai agli nel nella nei da dal dalla come più ma anche molto già questo questa questi quello
quella io tu lui lei noi voi loro mi ti ci vi se solo tutto tutti senza lavoro soldi grazie ciao anni perché cosa
dove quando quanto chi qui ora oggi domani settimana mese giorno notte ora lavorare cerchiamo cerco offriamo
esperienza necessaria veloce sicuro buono nuovo nuova donne ragazze persone pagamento pagare arrivo partenza
documenti garantito siamo stiamo voglio vuoi niente nessuno qualcosa qualcuno allora essere avere fare sempre`,
	"pt": `o a os as de do da dos das e em no na nos nas um uma por para com não se que mais mas muito já está estão
este isso eu você vocês ele ela eles elas tem ter ser são foi ao aos pelo pela trabalho dinheiro obrigado olá
também porque como quanto quem aqui agora hoje amanhã semana mês dia noite hora trabalhar procuramos procuro
oferecemos experiência necessário rápido seguro bom novo nova anos mulheres meninas pessoas pagamento pagar chegada
saída documentos garantido somos estamos quero nada ninguém alguma algum então sempre fazer onde quando até sem sobre`,
	"ro": `și sau de la în pe cu din pentru că este sunt nu un o al ai ale lui ei mai foarte dar dacă când acum aici unde
ce cine eu tu el ea noi voi le se mă te ne vă am are au fi fost fără doar bani lucru muncă salariu oferim căutăm
locuri persoane țară și iar deci care cum cât fie după până prin spre sub despre între asta aceasta acest această
acesta aceste acești lor nostru noastră vostru voastră meu mea tău ta său sa azi mâine săptămână lună zi noapte oră
lucra experiență nevoie rapid sigur bun nouă nou ani femei fete oameni plată plătit sosire plecare acte garantat
suntem vreau vrei nimic nimeni ceva cineva atunci mereu face avem aveți sunteți buna bună mulțumesc salut`,
	"tr": `ve bir bu da de ile için mi mı mu mü ne var yok ben sen biz siz onlar gibi daha çok en ama veya ya her şey
kadar sonra önce şimdi burada iş para olarak olan oldu olur bize size bana sana değil evet hayır tamam lütfen
teşekkürler merhaba yol kişi kişiler şu o bunu şunu onu benim senin bizim sizin onun neden nasıl nerede ne zaman
kim bugün yarın hafta ay gün gece saat çalışmak arıyoruz arıyorum sunuyoruz deneyim gerekli hızlı güvenli iyi yeni
yıl kadın kızlar insanlar ödeme ödemek varış çıkış belge garantili biz miyiz istiyorum istiyor hiç hiçbir birşey
bir şey biri sonra hep yapmak yapıyoruz geçiş kaçak abi kardeş kardeşler selam`,
	"ar": `في من على الى إلى عن مع هذا هذه التي الذي الذين ان أن إن لا ما كل هو هي أو او قد كان كانت لم لن بعد قبل عند
حتى ذلك تلك هناك هنا نحن انا أنا انت أنت انتم كيف ماذا لماذا متى اين أين يا لكن ثم اذا إذا هل عليكم السلام الله
شكرا مرحبا اللي مش عايز بدي شو ديال بزاف واش كيفاش دابا يلا حاجة كتير كثير جدا فقط ايضا أيضا بدون مكان وقت يوم
ليلة اسبوع شهر سنة عمل شغل فلوس مال سعر الدفع الوصول السفر رحلة اوروبا أوروبا الحرقة حراقة مضمون للتواصل للاستفسار
الاتصال يرجى عندنا عندي لدينا نقدم نبحث مطلوب مطلوبة فرصة اخوان اخواني الإخوة جماعة`,
	// Arabizi: Maghrebi and Levantine Arabic written in Latin letters, with
	// digits for the letters Latin lacks (3 ع, 7 ح, 9 ق), as harraga posts
	// often are.
	"ar-latn": `salam slm 3likom alikoum khouya khoya kho wesh wech wach dyal dial bghit nbghi kayn kayen kifach
kifech inchallah inshallah nchallah hamdoulah hamdullah hamdolilah mashallah wallah wlh 3lik rabi yalla habibi
sahbi drari lbabour babour l7rga l7arga l7rig hrig harraga 7arga 7rga flous bezaf bzaf chhal ch7al mzyan mezyan
labas bslama bessalama chkoun chno chnou 3lach 3andi 3endi ghadi rani rahi kima khalas yallah ya3ni b7al
mouch mech barcha famma chnowa n7eb nheb t7eb brabi`,
	"fa": `از به در که این آن را با برای است هست نیست بود شد می من تو او ما شما آنها ایشان یک هم تا اگر اما ولی چون
چه چرا کجا کی چطور چگونه خیلی همه هر بدون روی زیر بین پیش پس بعد قبل اینجا آنجا الان امروز فردا هفته ماه روز شب
ساعت کار پول قیمت پرداخت رسیدن سفر راه ایران افغانستان ترکیه اروپا مطمئن تضمینی تماس بگیرید لطفا ممنون سلام
هستم هستیم هستند دارم داریم دارید دارند میخواهم نمی کنید کنیم کردن شود باشد خودم خود نفر قاچاق`,
	"ur": `ہے ہیں کے کی کا میں اور کہ سے پر نہیں یہ وہ کو بھی تھا تھے ہو گا گی آپ ہم کیا`,
	"ps": `دی چې د په او ته سره یې زه ته موږ تاسو دا هغه کې څه ولې`,
	"bg": `на се да за от и е са не ще това съм си като но по с в във със който която които има няма тук там сега много
добре работа също някой нищо защото ако или кога къде какво така той тя те ние вие аз мен тебе ти беше бях ли пари
евро лв лева един една едно два година години днес утре седмица месец ден нощ час работим търсим предлагаме опит
нужно бързо сигурно добро нови жени момичета хора плащане заплата пристигане заминаване документи гарантирано
искам искаш колко струва струват трябва чужбина кой коя кое защо откъде тръгва нещо някъде винаги направи здравей благодаря моля`,
	"ru": `и в не на я что он с как это по но они мы вы к у же так от для из за бы был была было быть есть нет все всё
еще ещё только когда если уже или очень можно нужно здесь там где работа работы денег рублей его её ее их мне меня
тебя себя чтобы который которая которые этот эта эти сегодня завтра неделю месяц день ночь час работать ищем
предлагаем опыт быстро надежно хорошо новые женщины девушки люди оплата зарплата документы гарантия хочу хочешь сколько стоит стоят надо нужен
ничего что-то всегда сделать привет спасибо пожалуйста`,
	"uk": `і й що це як та не на до від для з у ми ви вони він вона буде дуже також тільки роботи роботу грн гроші
сьогодні завтра тиждень місяць день ніч година шукаємо пропонуємо досвід швидко добре нові жінки дівчата люди
оплата зарплата документи хочу привіт дякую будь ласка є був була було їх його її мені мене тебе себе щоб який яка які`,
	"ti": `እዩ ኢዩ ኣብ ናይ ምስ ካብ እንታይ ከመይ ኣሎ ኣለዉ የለን የብለይን ኢና እየ ኢኻ ክንደይ ሓደ ኩሉ ድማ ዝኾነ ብዙሕ ኣይ ንስኻ ንስኺ
ንሕና ንሳቶም ሕጂ ጽቡቕ ገንዘብ ስራሕ ጉዕዞ ሰብ ሃገር ኤርትራ ሊብያ ኢጣልያ ባሕሪ ዶላር ብኽብረትኩም የቐንየለይ ሰላም`,
	"am": `ነው እና ውስጥ ላይ ግን እንዴት ምን አለ የለም ነበር ይህ ያ ናቸው እኔ አንተ አንቺ እኛ እነሱ ብዙ ሁሉም ወደ ከ በ ስለ
አሁን ዛሬ ነገ ጥሩ ገንዘብ ሥራ ስራ ጉዞ ሰው ሀገር ኢትዮጵያ ብር ዶላር እባክህ አመሰግናለሁ ሰላም ነኝ ነህ ነሽ`,
}

// suffixCues are word endings typical of one language; they weigh less
// than a function word and only count on words of five letters or more.
var suffixCues = map[string][]string{
	"fr": {"tion", "eux", "euse", "ment", "aient", "ait", "ez", "oir", "eur", "ique", "ees", "iere", "aire"},
	"en": {"ing", "ly", "ness", "ship", "ght", "tion", "ed", "ers", "ful", "ous"},
	"nl": {"heid", "lijk", "tje", "tjes", "ijk", "en", "ing", "aar", "eer"},
	"de": {"ung", "keit", "lich", "chen", "isch", "en", "ten", "tz"},
	"es": {"cion", "dad", "mente", "ado", "ada", "ados", "adas", "idos", "amos", "ando"},
	"it": {"zione", "zioni", "mente", "etto", "etta", "are", "ere", "iamo", "ando", "ato", "ata"},
	"pt": {"cao", "coes", "oes", "mente", "ado", "ada", "amos", "ando", "inho", "inha"},
	"ro": {"ului", "ilor", "lor", "esc", "este", "ii", "uri", "ate", "ata", "ea", "ilor"},
	"bg": {"ът", "ят", "ата", "ото", "ите", "ям", "ам", "ска", "ски", "ват", "ите"},
	"ru": {"ый", "ий", "ой", "ого", "его", "ому", "ться", "тся", "ешь", "ая", "ые", "ие", "ами", "ями"},
	"uk": {"ння", "ться", "ій", "ої", "ує", "ють"},
	"tr": {"ler", "lar", "dir", "dır", "mak", "mek", "iyor", "yor", "lik", "luk", "siniz", "nin", "nız", "miz", "iz"},
}

// neutralWords are brand names and loanwords that every language uses in
// ads; they are not evidence of any language and do not count as words.
var neutralWords = []string{
	"whatsapp", "viber", "telegram", "facebook", "instagram", "snapchat", "tiktok", "skype", "signal", "imo",
	"messenger", "wa", "me", "http", "https", "www", "com", "net", "org", "html", "ok", "okay", "euro", "euros",
	"eur", "usd", "dollar", "dollars", "tel", "tél", "sms", "mail", "email", "gmail", "hotmail", "yahoo", "info",
	"inbox", "dm", "pm", "vip", "bitcoin", "btc", "usdt", "iban", "km", "kg", "cm", "h", "x",
}
