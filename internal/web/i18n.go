package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

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
