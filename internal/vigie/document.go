package vigie

import "time"

// Document is one captured post, page, ad or chat message, as `vigie ingest`
// reads it (DESIGN §5) and the store keeps it. Only Text is required.
type Document struct {
	// ID is the document's id as given by its source ("" when it has
	// none); the store's own identity of a document is its Key.
	ID       string    `json:"id,omitempty"`
	Source   string    `json:"source,omitempty"`
	Platform string    `json:"platform,omitempty"`
	URL      string    `json:"url,omitempty"`
	Author   string    `json:"author,omitempty"`
	PostedAt time.Time `json:"posted_at,omitzero"`
	Text     string    `json:"text"`
	Region   string    `json:"region,omitempty"`
	Lang     string    `json:"lang,omitempty"`
	Media    []Media   `json:"media,omitempty"`
	// Origin points at the original bytes the document was read from.
	Origin Origin `json:"origin,omitzero"`
}

// Media is a picture or video attached to a document.
type Media struct {
	URL    string `json:"url,omitempty"`
	Path   string `json:"path,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	// PHash is the perceptual hashes of a picture whose bytes vigie
	// decoded (KindPhotoHash), empty for other media.
	PHash string `json:"phash,omitempty"`
}

// Origin locates the original bytes of a document in the evidence store:
// the blob (by SHA-256) holding the captured file, and where in it the
// document was read — a byte range, and a record locator such as
// "line 12" or "messages[40]".
type Origin struct {
	Blob   string `json:"blob,omitempty"`
	Offset int64  `json:"offset,omitempty"`
	Length int64  `json:"length,omitempty"`
	Record string `json:"record,omitempty"`
}
