package phone

import (
	"regexp"
	"regexp/syntax"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// metadataPatterns returns every number pattern and leading-digits pattern
// of the phonenumbers metadata.
func metadataPatterns(t *testing.T) (numbers, leading []string) {
	t.Helper()
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range coll.GetMetadata() {
		for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetGeneralDesc(), md.GetFixedLine(), md.GetMobile(),
			md.GetTollFree(), md.GetPremiumRate(), md.GetSharedCost(), md.GetPersonalNumber(), md.GetVoip(),
			md.GetPager(), md.GetUan(), md.GetVoicemail(), md.GetNoInternationalDialling()} {
			if d != nil {
				numbers = append(numbers, d.GetNationalNumberPattern())
			}
		}
		if ld := md.GetLeadingDigits(); ld != "" {
			leading = append(leading, ld)
		}
	}
	if len(numbers) < 1000 {
		t.Fatalf("only %d metadata patterns", len(numbers))
	}
	return numbers, leading
}

// nfaHeads runs the compiled program of "^(?:pattern)" over every pair of
// digits: whether it can match "", each single digit, and go on (or match)
// after each pair. It is an independent check of headsOf.
func nfaHeads(t *testing.T, pattern string) (empty bool, one [10]bool, two [100]bool) {
	t.Helper()
	re, err := syntax.Parse("^(?:"+pattern+")", syntax.Perl)
	if err != nil {
		t.Fatalf("%q: %v", pattern, err)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		t.Fatalf("%q: %v", pattern, err)
	}
	// closure returns the instructions reachable from pcs without input,
	// with every empty-width assertion taken as true except begin-of-text
	// after the start, and whether Match is among them.
	closure := func(pcs []uint32, atStart bool) ([]uint32, bool) {
		seen := map[uint32]bool{}
		var out []uint32
		match := false
		var visit func(pc uint32)
		visit = func(pc uint32) {
			if seen[pc] {
				return
			}
			seen[pc] = true
			in := &prog.Inst[pc]
			switch in.Op {
			case syntax.InstAlt, syntax.InstAltMatch:
				visit(in.Out)
				visit(in.Arg)
			case syntax.InstNop, syntax.InstCapture:
				visit(in.Out)
			case syntax.InstEmptyWidth:
				if syntax.EmptyOp(in.Arg)&(syntax.EmptyBeginText|syntax.EmptyBeginLine) != 0 && !atStart {
					return
				}
				visit(in.Out)
			case syntax.InstMatch:
				match = true
			case syntax.InstFail:
			default:
				out = append(out, pc)
			}
		}
		for _, pc := range pcs {
			visit(pc)
		}
		return out, match
	}
	step := func(pcs []uint32, c rune) []uint32 {
		var out []uint32
		for _, pc := range pcs {
			if prog.Inst[pc].MatchRune(c) {
				out = append(out, prog.Inst[pc].Out)
			}
		}
		return out
	}
	start, m0 := closure([]uint32{uint32(prog.Start)}, true)
	empty = m0
	for a := 0; a < 10; a++ {
		s1, m1 := closure(step(start, rune('0'+a)), false)
		one[a] = m1
		for b := 0; b < 10; b++ {
			s2, m2 := closure(step(s1, rune('0'+b)), false)
			two[10*a+b] = m2 || len(s2) > 0
		}
	}
	return empty, one, two
}

// TestHeadsCoverNFA checks that heads never rule out what the pattern's own
// program can match, for every pattern of the metadata: a heads miss must
// prove the pattern fails.
func TestHeadsCoverNFA(t *testing.T) {
	numbers, leading := metadataPatterns(t)
	seen := map[string]bool{}
	tight := 0
	for _, p := range append(numbers, leading...) {
		if seen[p] {
			continue
		}
		seen[p] = true
		h := headsOf(p)
		if !h.ok {
			t.Errorf("headsOf(%q) did not understand the pattern", p)
			continue
		}
		empty, one, two := nfaHeads(t, p)
		if empty && !h.empty {
			t.Errorf("headsOf(%q).empty = false; the pattern matches \"\"", p)
		}
		for a := 0; a < 10; a++ {
			if one[a] && h.one&(1<<a) == 0 {
				t.Errorf("headsOf(%q) misses the one-digit match %d", p, a)
			}
			for b := 0; b < 10; b++ {
				d := string([]byte{byte('0' + a), byte('0' + b)})
				if two[10*a+b] && !h.has2(d) {
					t.Errorf("headsOf(%q) misses the prefix %s", p, d)
				}
				if !two[10*a+b] && !h.has2(d) {
					tight++
				}
			}
		}
	}
	// The filter must also filter: most pairs fail most patterns.
	if tight < 100*len(seen)/2 {
		t.Errorf("heads rule out %d of %d pairs; want at least half", tight, 100*len(seen))
	}
}

// TestHeadsExamples checks the filters against the regexps on the example
// numbers of the metadata and on every number of a few digits around them.
func TestHeadsExamples(t *testing.T) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	var examples []string
	for _, md := range coll.GetMetadata() {
		for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetFixedLine(), md.GetMobile(), md.GetTollFree(),
			md.GetPremiumRate(), md.GetVoip()} {
			if e := d.GetExampleNumber(); e != "" {
				examples = append(examples, e)
				// Change the first two digits: 100 variants.
				for n := 0; n < 100 && len(e) > 2; n++ {
					examples = append(examples, string([]byte{byte('0' + n/10), byte('0' + n%10)})+e[2:])
				}
			}
		}
	}
	numbers, leading := metadataPatterns(t)
	for _, p := range numbers[:300] {
		re := regexp.MustCompile("^(?:" + p + ")$")
		h := headsOf(p)
		for _, e := range examples {
			if re.MatchString(e) && !h.mayMatch(e) {
				t.Errorf("headsOf(%q).mayMatch(%q) = false; the pattern matches", p, e)
			}
		}
	}
	for _, p := range leading {
		re := regexp.MustCompile("^(?:" + p + ")")
		h := headsOf(p)
		for _, e := range examples {
			if re.MatchString(e) && !h.mayPrefix(e) {
				t.Errorf("headsOf(%q).mayPrefix(%q) = false; the pattern matches a prefix", p, e)
			}
		}
	}
}
