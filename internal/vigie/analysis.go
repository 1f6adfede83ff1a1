package vigie

import "encoding/json"

// EntityKind names what an extracted entity is. The values are a stable
// contract (DESIGN §5).
type EntityKind string

// Entity kinds.
const (
	KindPhone        EntityKind = "phone"
	KindEmail        EntityKind = "email"
	KindURL          EntityKind = "url"
	KindWhatsApp     EntityKind = "whatsapp"
	KindTelegram     EntityKind = "telegram"
	KindViber        EntityKind = "viber"
	KindSignal       EntityKind = "signal"
	KindSkype        EntityKind = "skype"
	KindSnapchat     EntityKind = "snapchat"
	KindInstagram    EntityKind = "instagram"
	KindFacebook     EntityKind = "facebook"
	KindTikTok       EntityKind = "tiktok"
	KindPrice        EntityKind = "price"
	KindPercentage   EntityKind = "percentage"
	KindIBAN         EntityKind = "iban"
	KindCryptoWallet EntityKind = "crypto_wallet"
	KindAge          EntityKind = "age"
	KindLocation     EntityKind = "location"
	KindDocument     EntityKind = "document"
)

// KindPhoto is a photo attached to a document, known by the SHA-256 of
// its bytes (lower-case hex). The store keeps it with the document's
// entities, without offsets since it is not in the text, so that photos
// link documents and are searched like contacts. The analysis of a text
// never yields it: it is not in EntityKinds.
const KindPhoto EntityKind = "photo"

// KindPhotoHash is a photo attached to a document, known by its
// perceptual hashes (package imagehash): the 16 hex digits of the whole
// image's hash, then those of its crops, each after a dot. Copies of a
// photo re-encoded, resized or cropped have other bytes (another
// KindPhoto) but near hashes: the linking of networks groups them. Like
// KindPhoto, it has no place in the text and is not in EntityKinds.
const KindPhotoHash EntityKind = "photo_hash"

// EntityKinds lists every kind, in the order of DESIGN §5.
var EntityKinds = []EntityKind{
	KindPhone, KindEmail, KindURL, KindWhatsApp, KindTelegram, KindViber,
	KindSignal, KindSkype, KindSnapchat, KindInstagram, KindFacebook,
	KindTikTok, KindPrice, KindPercentage, KindIBAN, KindCryptoWallet,
	KindAge, KindLocation, KindDocument,
}

// Entity is one thing extracted from a text. Start and End are byte offsets
// into the original UTF-8 text; Text is Orig[Start:End]; Value is the
// normalised form (E.164 for phones, lower-case user names without '@',
// "3500 EUR" for prices, ISO 3166 alpha-2 for locations, …).
type Entity struct {
	Kind  EntityKind `json:"kind"`
	Value string     `json:"value"`
	Text  string     `json:"text"`
	Start int        `json:"start"`
	End   int        `json:"end"`
}

// Category ids are a stable contract (DESIGN §4).
const (
	SmugglingPassage   = "smuggling.passage"
	SmugglingDocuments = "smuggling.documents"
	SmugglingMarriage  = "smuggling.marriage"
	SexualRecruitment  = "sexual_exploitation.recruitment"
	SexualAdvertising  = "sexual_exploitation.advertising"
	LabourRecruitment  = "labour_exploitation.recruitment"
	CoercionSextortion = "coercion.sextortion"
	VictimTestimony    = "victim.testimony"
)

// Categories lists the eight category ids in the order of DESIGN §4.
var Categories = []string{
	SmugglingPassage, SmugglingDocuments, SmugglingMarriage,
	SexualRecruitment, SexualAdvertising, LabourRecruitment,
	CoercionSextortion, VictimTestimony,
}

// Hit is one indicator found in a text: which rule, where, in which
// language, and why it matters in one plain sentence.
type Hit struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	Text        string `json:"text"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Lang        string `json:"lang"`
	Explanation string `json:"explanation"`
}

// CategoryScore is a category's score for one text and the ids of the
// indicators that made it.
type CategoryScore struct {
	ID         string   `json:"id"`
	Score      float64  `json:"score"`
	Indicators []string `json:"indicators"`
}

// Analysis is the result of analysing one text: the object that
// `vigie analyze` prints per input line. When Error is set the line could
// not be analysed and the other fields are empty.
type Analysis struct {
	ID         json.RawMessage `json:"id"`
	Language   string          `json:"language,omitempty"`
	Risk       float64         `json:"risk"`
	Entities   []Entity        `json:"entities"`
	Categories []CategoryScore `json:"categories"`
	Indicators []Hit           `json:"indicators"`
	Rulebook   string          `json:"rulebook"`
	Error      string          `json:"error,omitempty"`
}
