package auth

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// roleMatrix is the whole permission matrix. A change to who can do what
// must change this table, so that it shows in review.
const roleMatrix = `
permission     admin  investigator  analyst  triage
search         yes    yes           -        -
view_document  yes    yes           -        -
view_entity    yes    yes           -        -
view_network   yes    yes           -        -
ingest         yes    yes           -        -
export         yes    yes           -        -
triage         yes    yes           -        yes
training       yes    yes           yes      yes
statistics     yes    yes           yes      -
manage_users   yes    -             -        -
use_api        yes    yes           -        -
cases          yes    yes           -        -
`

func TestRoleMatrix(t *testing.T) {
	var b strings.Builder
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-15s", "permission")
	for i, r := range Roles() {
		if i == len(Roles())-1 {
			fmt.Fprintf(&b, "%s", r)
		} else {
			fmt.Fprintf(&b, "%-*s", len(r.String())+2, r)
		}
	}
	b.WriteString("\n")
	for _, p := range Permissions() {
		fmt.Fprintf(&b, "%-15s", p)
		for i, r := range Roles() {
			mark := "-"
			if r.Can(p) {
				mark = "yes"
			}
			if i == len(Roles())-1 {
				b.WriteString(mark)
			} else {
				fmt.Fprintf(&b, "%-*s", len(r.String())+2, mark)
			}
		}
		b.WriteString("\n")
	}
	if got := b.String(); got != roleMatrix {
		t.Errorf("role matrix changed; got:%s\nwant:%s", got, roleMatrix)
	}
}

func TestRoleRules(t *testing.T) {
	for _, p := range Permissions() {
		if !RoleAdmin.Can(p) {
			t.Errorf("RoleAdmin.Can(%v) = false; want true", p)
		}
		if got, want := RoleInvestigator.Can(p), p != ManageUsers; got != want {
			t.Errorf("RoleInvestigator.Can(%v) = %v; want %v", p, got, want)
		}
		if got, want := RoleAnalyst.Can(p), p == Statistics || p == Training; got != want {
			t.Errorf("RoleAnalyst.Can(%v) = %v; want %v", p, got, want)
		}
		if got, want := RoleTriage.Can(p), p == Triage || p == Training; got != want {
			t.Errorf("RoleTriage.Can(%v) = %v; want %v", p, got, want)
		}
		if Role(0).Can(p) || Role(200).Can(p) {
			t.Errorf("a value that is no role can %v; want nothing", p)
		}
	}
	for _, r := range Roles() {
		for _, p := range []Permission{0, 13, 31, 32, 255} {
			if r.Can(p) {
				t.Errorf("%v.Can(Permission(%d)) = true; want false for no permission", r, uint8(p))
			}
		}
	}
	if n := len(Permissions()); n != 12 {
		t.Errorf("len(Permissions()) = %d; want 12", n)
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want Role
		ok   bool
	}{
		{"admin", RoleAdmin, true},
		{"investigator", RoleInvestigator, true},
		{"analyst", RoleAnalyst, true},
		{"triage", RoleTriage, true},
		{"", 0, false},
		{"Admin", 0, false},
		{" admin", 0, false},
		{"admin\n", 0, false},
		{"analy\u017ft", 0, false}, // long s folds to s under EqualFold
		{"root", 0, false},
		{"Role(1)", 0, false},
		{strings.Repeat("admin", 100), 0, false},
	}
	for _, tc := range tests {
		got, err := ParseRole(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseRole(%q) = %v, %v; want %v, nil", tc.in, got, err, tc.want)
		}
		if !tc.ok && (!errors.Is(err, vigie.ErrInvalid) || got != 0) {
			t.Errorf("ParseRole(%q) = %v, %v; want 0, error %v", tc.in, got, err, vigie.ErrInvalid)
		}
	}
}

func TestRoleAndPermissionStrings(t *testing.T) {
	if got, want := fmt.Sprint(Roles()), "[admin investigator analyst triage]"; got != want {
		t.Errorf("Roles() = %s; want %s", got, want)
	}
	want := "[search view_document view_entity view_network ingest export triage training statistics manage_users use_api cases]"
	if got := fmt.Sprint(Permissions()); got != want {
		t.Errorf("Permissions() = %s; want %s", got, want)
	}
	tests := []struct {
		got, want string
	}{
		{Role(0).String(), "Role(0)"},
		{Role(5).String(), "Role(5)"},
		{Permission(0).String(), "Permission(0)"},
		{Permission(13).String(), "Permission(13)"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("String() = %q; want %q", tc.got, tc.want)
		}
	}
	// Roles returns a fresh slice each time.
	rs := Roles()
	rs[0] = RoleTriage
	if Roles()[0] != RoleAdmin {
		t.Errorf("Roles()[0] = %v after a caller changed its copy; want admin", Roles()[0])
	}
}

func FuzzParseRole(f *testing.F) {
	for _, r := range Roles() {
		f.Add(r.String())
	}
	f.Add("ADMIN")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRole(s)
		if err != nil {
			if r != 0 {
				t.Errorf("ParseRole(%q) = %v with error; want 0", s, r)
			}
			return
		}
		if r.String() != s {
			t.Errorf("ParseRole(%q) = %v; String does not give the input back", s, r)
		}
	})
}
