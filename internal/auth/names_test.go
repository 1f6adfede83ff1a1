package auth

import (
	"strings"
	"testing"
)

func TestValidUserName(t *testing.T) {
	for name, want := range map[string]bool{
		"ana": true, "a.dupont@police.example": true, "jean-luc_2": true, "Zoë": true, "محمد": true,
		"": false, "ana dupont": false, "ana/..": false, "<b>": false, strings.Repeat("a", 64): true, strings.Repeat("a", 65): false,
	} {
		if got := ValidUserName(name); got != want {
			t.Errorf("ValidUserName(%q) = %v; want %v", name, got, want)
		}
	}
}
