package auth

import (
	"fmt"
	"strconv"

	"github.com/vigie-project/vigie/internal/vigie"
)

// A Role is what a user account is for; it decides every Permission. The
// zero Role is no role and can do nothing.
type Role uint8

// The roles, in the order Roles returns them. Their String forms are what
// the store keeps and ParseRole reads.
const (
	// RoleAdmin can do everything, managing users included.
	RoleAdmin Role = iota + 1
	// RoleInvestigator can do everything but manage users.
	RoleInvestigator
	// RoleAnalyst sees de-identified statistics (and training) only.
	RoleAnalyst
	// RoleTriage is first-line (local police, inspectors, NGO field
	// workers): triage and training only.
	RoleTriage
)

var roleNames = [...]string{RoleAdmin: "admin", RoleInvestigator: "investigator", RoleAnalyst: "analyst", RoleTriage: "triage"}

// Roles returns every role in a fixed order: admin, investigator, analyst,
// triage. The slice is the caller's.
func Roles() []Role {
	return []Role{RoleAdmin, RoleInvestigator, RoleAnalyst, RoleTriage}
}

// String returns the role's name ("admin", …), or "Role(n)" for a value that
// is no role.
func (r Role) String() string {
	if r > 0 && int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// ParseRole returns the role whose String is s, exactly (lower case, no
// spaces). The error wraps vigie.ErrInvalid.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if s == roleNames[r] {
			return r, nil
		}
	}
	if len(s) > 32 {
		s = s[:32] + "…"
	}
	return 0, fmt.Errorf("parse role %q: unknown role: %w", s, vigie.ErrInvalid)
}

// A Permission is one thing a role may be allowed to do.
type Permission uint8

// The permissions, in the order Permissions returns them.
const (
	Search       Permission = iota + 1 // full-text search over documents
	ViewDocument                       // read a stored document and its evidence
	ViewEntity                         // see extracted contacts and indicators
	ViewNetwork                        // follow linked entities and clusters
	Ingest                             // add documents and seized exports
	Export                             // export evidence and cases
	Triage                             // submit an ad or post for a verdict
	Training                           // use the training mode
	Statistics                         // see de-identified statistics
	ManageUsers                        // create, change and disable accounts
	UseAPI                             // call the HTTP API with a token
	Cases                              // open cases and work in those one is a member of
	numPermissions
)

var permissionNames = [...]string{
	Search: "search", ViewDocument: "view_document", ViewEntity: "view_entity",
	ViewNetwork: "view_network", Ingest: "ingest", Export: "export", Triage: "triage",
	Training: "training", Statistics: "statistics", ManageUsers: "manage_users", UseAPI: "use_api",
	Cases: "cases",
}

// Permissions returns every permission in a fixed order (that of the
// constants). The slice is the caller's.
func Permissions() []Permission {
	ps := make([]Permission, 0, numPermissions-1)
	for p := Search; p < numPermissions; p++ {
		ps = append(ps, p)
	}
	return ps
}

// String returns the permission's snake_case name ("view_document", …), or
// "Permission(n)" for a value that is no permission.
func (p Permission) String() string {
	if p > 0 && p < numPermissions {
		return permissionNames[p]
	}
	return "Permission(" + strconv.Itoa(int(p)) + ")"
}

// bit returns p's bit in a permission set.
func bit(ps ...Permission) uint32 {
	var s uint32
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

var allPermissions = bit(Permissions()...)

// grants is the whole role matrix; TestRoleMatrix prints it.
var grants = [...]uint32{
	RoleAdmin:        allPermissions,
	RoleInvestigator: allPermissions &^ bit(ManageUsers),
	RoleAnalyst:      bit(Statistics, Training),
	RoleTriage:       bit(Triage, Training),
}

// Can reports whether r is allowed p. It is false for a value that is no
// role or no permission.
func (r Role) Can(p Permission) bool {
	if r == 0 || int(r) >= len(grants) || p == 0 || p >= numPermissions {
		return false
	}
	return grants[r]&bit(p) != 0
}
