package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

// Languages are the languages of the interface, the default first.
var Languages = []string{"en", "fr"}

// messages holds the interface's words by language and key. A key missing
// in a language falls back to English; a key missing in English is
// written as itself in brackets, which TestMessages forbids.
var messages = map[string]map[string]string{
	"en": {
		"appName":         "vigie",
		"login":           "Log in",
		"logout":          "Log out",
		"name":            "Name",
		"password":        "Password",
		"badLogin":        "Wrong name or password.",
		"slowDown":        "Too many failed attempts: wait %s before trying again.",
		"loginNeeded":     "Log in to see this page.",
		"forbidden":       "Your role does not give access to this page.",
		"notFound":        "There is nothing at this address.",
		"crossOrigin":     "This request came from another site and was refused.",
		"error":           "Error",
		"dashboard":       "Dashboard",
		"search":          "Search",
		"documents":       "Documents",
		"byCategory":      "Documents per category",
		"highRisk":        "Most recent high-risk documents",
		"noResults":       "No document matches.",
		"risk":            "risk",
		"language":        "Language",
		"category":        "Category",
		"anyCategory":     "any category",
		"minRisk":         "Lowest risk",
		"searchHelp":      "Words, and kind:value filters such as phone:+32470123456 or telegram:@name.",
		"ingestRuns":      "ingest runs",
		"signedInAs":      "Signed in as %s (%s)",
		"skipToContent":   "Skip to content",
		"badQuery":        "This search cannot be run: %s",
		"resultsCount":    "%d documents",
		"internalError":   "Something went wrong on the server; it has been logged.",
		"chartCategories": "Documents per category",
		"document":        "Document",
		"source":          "Source",
		"posted":          "Posted",
		"ingested":        "Ingested",
		"text":            "Text",
		"indicators":      "Indicators found",
		"entities":        "Contacts and other entities",
		"original":        "Captured original",
		"originalHelp":    "The exact bytes this document was read from are kept as evidence under their SHA-256.",
		"blob":            "Evidence file (SHA-256)",
		"record":          "Place in the file",
		"bytes":           "Bytes",
		"media":           "Attached media",
		"similar":         "Written from the same template (%d posts)",
		"noSimilar":       "No other post written from the same template.",
		"network":         "Network",
		"inNetwork":       "Linked to other posts: network %s (vigie network %s).",
		"noNetwork":       "Not linked to other posts by a shared contact or photo.",
		"categories":      "Categories",
		"score":           "score",
		"rulebook":        "rulebook",
		"triage":          "Triage",
		"triageIntro":     "Paste the text of a post, ad or message. vigie says what in it points to exploitation or smuggling, and why. Nothing you paste is stored.",
		"triageText":      "Text to check",
		"check":           "Check",
		"emptyText":       "Paste a text to check.",
		"tooLong":         "The text is too long: at most %d KB.",
		"verdict_high":    "Several strong signs: this looks like a case to pass on.",
		"verdict_some":    "Some signs, not enough on their own: look at the context and keep the text.",
		"verdict_none":    "No sign that vigie knows of. That does not prove the text is harmless.",
		"foundSigns":      "What vigie found",
		"whyItMatters":    "Why it matters",
		"nextSteps":       "What to do next",
		"nextHigh":        "Keep a copy (screenshot with the address and time), do not contact the author, and pass it on to your unit's designated contact or the specialised unit.",
		"nextSome":        "Keep a copy with the address and time, and ask your unit's designated contact if in doubt. Do not contact the author.",
		"nextNone":        "If something else worries you (a person's situation, pressure, fear), trust it and ask your designated contact.",
		"looksLike":       "Looks like: %s",
		"training":        "Training",
		"trainingIntro":   "How online smuggling and exploitation show themselves, with worked examples, and posts that look alike but are fine.",
		"trainingLang":    "Examples in:",
		"takeQuiz":        "Take the self-test",
		"inEnglish":       "Not yet written in your language: shown in English.",
		"typicalSigns":    "Typical signs",
		"examples":        "Examples to report",
		"lookAlikes":      "Look-alikes: not enough on their own",
		"quiz":            "Self-test",
		"quizIntro":       "For each post, choose what it should be reported as, or that there is nothing to report.",
		"checkAnswers":    "Check my answers",
		"quizScore":       "%d right out of %d.",
		"right":           "Right",
		"wrong":           "Not quite",
		"yourAnswer":      "your answer:",
		"noAnswer":        "none",
		"correctAnswer":   "expected:",
		"again":           "Another self-test",
		"badForm":         "The form could not be read; load the page again.",
		"statistics":      "Statistics",
		"statsIntro":      "Documents reported under each category, counted by month, language and platform. No identifier, text or name is shown: counts under %d are written <%d, and so is a total over them.",
		"byMonth":         "By month posted",
		"byLanguage":      "By language",
		"byPlatform":      "By platform",
		"total":           "Total",
		"downloadCSV":     "Download every cell as CSV",
		"networks":        "Networks",
		"networkGraph":    "Network %d: posts and the identifiers they share",
		"networkSummary":  "%d posts, seen from %s to %s.",
		"activity":        "Activity",
		"linkedBy":        "Linked by",
		"template":        "The template its posts share",
		"templateHelp":    "Shared wording as written; {braces} mark where the posts differ (hover for the values).",
		"places":          "Places:",
		"prices":          "Prices:",
		"seen":            "Seen",
		"noNetworks":      "No network yet: posts are linked when they share a contact or a photo.",
		"entitySummary":   "In %d documents, first seen %s, last seen %s.",
		"givenWith":       "Given with it",
		"badEntity":       "This is not a value vigie can look up.",
		"ingest":          "Ingest",
		"ingestIntro":     "Upload a file (JSON lines, CSV, WhatsApp export .txt or .zip, Telegram .json, saved web page, WARC, feed) or give the address of a page to capture. Its bytes are kept as evidence under their SHA-256, then analysed, clustered and linked.",
		"uploadFile":      "File",
		"orURL":           "or the address (URL) of a page to capture",
		"ingestOff":       "Ingest from the web application is off on this server; use vigie ingest.",
		"uploadTooBig":    "The upload could not be read (at most %d MB).",
		"badURL":          "An address must start with http:// or https://.",
		"nothingToIngest": "Choose a file or give an address.",
		"recentIngests":   "Recent ingests",
		"running":         "running",
		"failed":          "failed",
		"done":            "done",
		"startedBy":       "Started by %s at %s.",
		"refreshes":       "This page refreshes itself every two seconds until the ingest ends.",
		"attachedPicture": "Attached picture",
		"clickToShow":     "Blurred: click or press Space to show",
		"notPicture":      "This attachment is not a picture vigie shows.",
	},
	"fr": {
		"login":           "Se connecter",
		"logout":          "Se déconnecter",
		"name":            "Nom",
		"password":        "Mot de passe",
		"badLogin":        "Nom ou mot de passe incorrect.",
		"slowDown":        "Trop d'échecs : attendez %s avant de réessayer.",
		"loginNeeded":     "Connectez-vous pour voir cette page.",
		"forbidden":       "Votre rôle ne donne pas accès à cette page.",
		"notFound":        "Il n'y a rien à cette adresse.",
		"crossOrigin":     "Cette requête venait d'un autre site et a été refusée.",
		"error":           "Erreur",
		"dashboard":       "Tableau de bord",
		"search":          "Recherche",
		"documents":       "Documents",
		"byCategory":      "Documents par catégorie",
		"highRisk":        "Documents à risque élevé les plus récents",
		"noResults":       "Aucun document ne correspond.",
		"risk":            "risque",
		"language":        "Langue",
		"category":        "Catégorie",
		"anyCategory":     "toute catégorie",
		"minRisk":         "Risque minimal",
		"searchHelp":      "Des mots, et des filtres type:valeur comme phone:+32470123456 ou telegram:@nom.",
		"ingestRuns":      "ingestions",
		"signedInAs":      "Connecté·e : %s (%s)",
		"skipToContent":   "Aller au contenu",
		"badQuery":        "Cette recherche ne peut pas être faite : %s",
		"resultsCount":    "%d documents",
		"internalError":   "Une erreur est survenue sur le serveur ; elle a été consignée.",
		"chartCategories": "Documents par catégorie",
		"document":        "Document",
		"source":          "Source",
		"posted":          "Publié",
		"ingested":        "Intégré",
		"text":            "Texte",
		"indicators":      "Indicateurs trouvés",
		"entities":        "Contacts et autres entités",
		"original":        "Original capturé",
		"originalHelp":    "Les octets exacts d'où ce document a été lu sont conservés comme preuve sous leur SHA-256.",
		"blob":            "Fichier de preuve (SHA-256)",
		"record":          "Place dans le fichier",
		"bytes":           "Octets",
		"media":           "Médias joints",
		"similar":         "Écrits sur le même modèle (%d publications)",
		"noSimilar":       "Aucune autre publication écrite sur le même modèle.",
		"network":         "Réseau",
		"inNetwork":       "Lié à d'autres publications : réseau %s (vigie network %s).",
		"noNetwork":       "Lié à aucune autre publication par un contact ou une photo.",
		"categories":      "Catégories",
		"score":           "score",
		"rulebook":        "règles",
		"triage":          "Tri",
		"triageIntro":     "Collez le texte d'une publication, d'une annonce ou d'un message. vigie dit ce qui y indique une exploitation ou un trafic, et pourquoi. Rien de ce que vous collez n'est conservé.",
		"triageText":      "Texte à vérifier",
		"check":           "Vérifier",
		"emptyText":       "Collez un texte à vérifier.",
		"tooLong":         "Le texte est trop long : %d Ko au plus.",
		"verdict_high":    "Plusieurs signes forts : cela ressemble à un cas à transmettre.",
		"verdict_some":    "Quelques signes, insuffisants à eux seuls : regardez le contexte et gardez le texte.",
		"verdict_none":    "Aucun signe connu de vigie. Cela ne prouve pas que le texte est anodin.",
		"foundSigns":      "Ce que vigie a trouvé",
		"whyItMatters":    "Pourquoi c'est important",
		"nextSteps":       "Que faire ensuite",
		"nextHigh":        "Gardez une copie (capture d'écran avec l'adresse et l'heure), ne contactez pas l'auteur et transmettez au contact désigné de votre service ou à l'unité spécialisée.",
		"nextSome":        "Gardez une copie avec l'adresse et l'heure, et demandez au contact désigné de votre service en cas de doute. Ne contactez pas l'auteur.",
		"nextNone":        "Si autre chose vous inquiète (la situation d'une personne, une pression, la peur), fiez-vous-y et demandez à votre contact désigné.",
		"looksLike":       "Ressemble à : %s",
		"training":        "Formation",
		"trainingIntro":   "Comment le trafic et l'exploitation se montrent en ligne, avec des exemples commentés, et des publications qui leur ressemblent mais sont anodines.",
		"trainingLang":    "Exemples en :",
		"takeQuiz":        "Faire l'auto-évaluation",
		"inEnglish":       "Pas encore écrit dans votre langue : affiché en anglais.",
		"typicalSigns":    "Signes typiques",
		"examples":        "Exemples à signaler",
		"lookAlikes":      "Ressemblances : insuffisantes à elles seules",
		"quiz":            "Auto-évaluation",
		"quizIntro":       "Pour chaque publication, choisissez sous quoi la signaler, ou qu'il n'y a rien à signaler.",
		"checkAnswers":    "Vérifier mes réponses",
		"quizScore":       "%d bonnes réponses sur %d.",
		"right":           "Juste",
		"wrong":           "Pas tout à fait",
		"yourAnswer":      "votre réponse :",
		"noAnswer":        "aucune",
		"correctAnswer":   "attendu :",
		"again":           "Une autre auto-évaluation",
		"badForm":         "Le formulaire n'a pas pu être lu ; rechargez la page.",
		"statistics":      "Statistiques",
		"statsIntro":      "Documents signalés sous chaque catégorie, comptés par mois, langue et plateforme. Aucun identifiant, texte ou nom n'est montré : les effectifs sous %d sont écrits <%d, de même qu'un total qui les contient.",
		"byMonth":         "Par mois de publication",
		"byLanguage":      "Par langue",
		"byPlatform":      "Par plateforme",
		"total":           "Total",
		"downloadCSV":     "Télécharger toutes les cellules en CSV",
		"networks":        "Réseaux",
		"networkGraph":    "Réseau %d : les publications et les identifiants qu'elles partagent",
		"networkSummary":  "%d publications, vues du %s au %s.",
		"activity":        "Activité",
		"linkedBy":        "Liées par",
		"template":        "Le modèle que ses publications partagent",
		"templateHelp":    "Texte commun tel qu'écrit ; les {accolades} marquent où les publications diffèrent (survolez pour les valeurs).",
		"places":          "Lieux :",
		"prices":          "Prix :",
		"seen":            "Vu",
		"noNetworks":      "Pas encore de réseau : les publications sont liées quand elles partagent un contact ou une photo.",
		"entitySummary":   "Dans %d documents, vu pour la première fois le %s, pour la dernière le %s.",
		"givenWith":       "Donnés avec",
		"badEntity":       "Ce n'est pas une valeur que vigie peut chercher.",
		"ingest":          "Intégrer",
		"ingestIntro":     "Déposez un fichier (lignes JSON, CSV, export WhatsApp .txt ou .zip, Telegram .json, page web enregistrée, WARC, flux) ou donnez l'adresse d'une page à capturer. Ses octets sont conservés comme preuve sous leur SHA-256, puis analysés, regroupés et liés.",
		"uploadFile":      "Fichier",
		"orURL":           "ou l'adresse (URL) d'une page à capturer",
		"ingestOff":       "L'intégration depuis l'application web est désactivée sur ce serveur ; utilisez vigie ingest.",
		"uploadTooBig":    "Le dépôt n'a pas pu être lu (%d Mo au plus).",
		"badURL":          "Une adresse doit commencer par http:// ou https://.",
		"nothingToIngest": "Choisissez un fichier ou donnez une adresse.",
		"recentIngests":   "Intégrations récentes",
		"running":         "en cours",
		"failed":          "échec",
		"done":            "terminée",
		"startedBy":       "Lancée par %s à %s.",
		"refreshes":       "Cette page se recharge toutes les deux secondes jusqu'à la fin de l'intégration.",
		"attachedPicture": "Image jointe",
		"clickToShow":     "Floutée : cliquez ou appuyez sur Espace pour l'afficher",
		"notPicture":      "Cette pièce jointe n'est pas une image que vigie affiche.",
	},
}

// translator returns the function that writes the message key in lang,
// formatted with args.
func translator(lang string) func(key string, args ...any) string {
	return func(key string, args ...any) string {
		m, ok := messages[lang][key]
		if !ok {
			if m, ok = messages["en"][key]; !ok {
				return "[" + key + "]"
			}
		}
		if len(args) > 0 {
			return fmt.Sprintf(m, args...)
		}
		return m
	}
}

// funcs are the template functions of pages in lang.
func funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":   translator(lang),
		"pct": func(f float64) string { return fmt.Sprintf("%.0f %%", 100*f) },
		"can": can,
	}
}

// langOf returns the language of the interface for a request: the
// account's, else the first of the browser's that vigie speaks, else
// English.
func langOf(r *http.Request, u *store.User) string {
	if u != nil && known(u.Lang) {
		return u.Lang
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if known(base) {
			return base
		}
	}
	return "en"
}

func known(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// can reports whether the account u may do what the permission named
// perm allows (auth.Permission's names); nil may do nothing.
func can(u *store.User, perm string) (bool, error) {
	for _, p := range auth.Permissions() {
		if p.String() != perm {
			continue
		}
		if u == nil {
			return false, nil
		}
		role, err := auth.ParseRole(u.Role)
		return err == nil && role.Can(p), nil
	}
	return false, fmt.Errorf("unknown permission %q", perm) // TestMessages executes every page
}
