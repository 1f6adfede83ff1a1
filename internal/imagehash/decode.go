package imagehash

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Default limits applied by Decode when a field of Limits is zero or
// negative.
const (
	DefaultMaxPixels = 50_000_000
	DefaultMaxBytes  = 64 << 20
)

// ErrTooLarge reports an input refused by Limits before its pixels were
// decoded. Errors carrying it also wrap vigie.ErrInvalid.
var ErrTooLarge = errors.New("image too large")

// Limits bounds the work Decode accepts to do. A zero or negative field
// means its default.
type Limits struct {
	// MaxPixels is the largest width×height accepted, as declared in the
	// image header (DefaultMaxPixels when zero).
	MaxPixels int64
	// MaxBytes is the largest encoded input accepted (DefaultMaxBytes when
	// zero).
	MaxBytes int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	return l
}

// codec pairs the two entry points of one format's decoder.
type codec struct {
	name   string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// sniff names the format of b from its leading bytes. It does not use the
// image package's global format registry, so that a format registered
// elsewhere in the program (BMP, TIFF, …) is never decoded by accident.
func sniff(b []byte) (codec, bool) {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8")):
		return codec{"jpeg", jpeg.DecodeConfig, jpeg.Decode}, true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return codec{"png", png.DecodeConfig, png.Decode}, true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		// gif.Decode returns the first frame only.
		return codec{"gif", gif.DecodeConfig, gif.Decode}, true
	case len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:15]) == "WEBPVP8":
		return codec{"webp", webp.DecodeConfig, webp.Decode}, true
	}
	return codec{}, false
}

// Decode decodes a JPEG, PNG, GIF (first frame) or WebP image from b,
// recognising the format by content, and returns the image and the format
// name ("jpeg", "png", "gif" or "webp").
//
// Before any pixel is decoded, Decode reads the header and refuses inputs
// larger than lim.MaxBytes or declaring more than lim.MaxPixels pixels,
// with an error wrapping both ErrTooLarge and vigie.ErrInvalid. Unknown
// formats and truncated or corrupt inputs return an error wrapping
// vigie.ErrInvalid. Decode never panics: a panic inside a decoder is
// recovered and returned as an error wrapping vigie.ErrInvalid.
func Decode(b []byte, lim Limits) (img image.Image, format string, err error) {
	lim = lim.withDefaults()
	if int64(len(b)) > lim.MaxBytes {
		return nil, "", fmt.Errorf("decode image: %d bytes exceeds the limit of %d: %w: %w",
			len(b), lim.MaxBytes, ErrTooLarge, vigie.ErrInvalid)
	}
	c, ok := sniff(b)
	if !ok {
		return nil, "", fmt.Errorf("decode image: unknown format (not jpeg, png, gif or webp): %w", vigie.ErrInvalid)
	}
	defer func() {
		if r := recover(); r != nil {
			img, format = nil, ""
			err = fmt.Errorf("decode %s: decoder panic: %v: %w", c.name, r, vigie.ErrInvalid)
		}
	}()
	cfg, err := c.config(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("decode %s header: %w: %w", c.name, err, vigie.ErrInvalid)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "", fmt.Errorf("decode %s: empty image %dx%d: %w", c.name, cfg.Width, cfg.Height, vigie.ErrInvalid)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > lim.MaxPixels {
		return nil, "", fmt.Errorf("decode %s: %dx%d is %d pixels, over the limit of %d: %w: %w",
			c.name, cfg.Width, cfg.Height, px, lim.MaxPixels, ErrTooLarge, vigie.ErrInvalid)
	}
	img, err = c.decode(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w: %w", c.name, err, vigie.ErrInvalid)
	}
	// The header was checked, but a decoder is trusted no further than
	// needed: the pixels actually returned must respect the limit too.
	r := img.Bounds()
	if r.Empty() || int64(r.Dx())*int64(r.Dy()) > lim.MaxPixels {
		return nil, "", fmt.Errorf("decode %s: decoded bounds %v outside the limits: %w", c.name, r, vigie.ErrInvalid)
	}
	return img, c.name, nil
}
