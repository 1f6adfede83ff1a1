package training

import "testing"

// mustLoad returns the embedded content or stops the test.
func mustLoad(t testing.TB) *content {
	t.Helper()
	c, err := loadDefault()
	if err != nil {
		t.Fatalf("load embedded content: %v", err)
	}
	return c
}
