// Package examples holds the example posts shipped with vigie, embedded so
// that vigie demo has them wherever the binary runs.
package examples

import _ "embed"

// Posts is examples/posts.jsonl: invented posts of every category, one
// JSON object per line.
//
//go:embed posts.jsonl
var Posts []byte
