// Package vigie holds the domain types shared by every stage of vigie and
// the closed set of error kinds. It imports nothing but the standard library.
package vigie

import "errors"

// Error kinds. Wrap them with fmt.Errorf("…: %w", ErrInvalid) and test with
// errors.Is; the web layer maps each kind to one HTTP status in one place.
var (
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")
	ErrInvalid         = errors.New("invalid")
	ErrForbidden       = errors.New("forbidden")
	ErrUnauthenticated = errors.New("unauthenticated")
)
