package phone

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
)

// digitPattern is one metadata pattern (a national number pattern, a
// leading-digits pattern, a format pattern) matched against strings of
// ASCII digits, as phonenumbers matches it: in full, or, for leading
// digits, on a prefix.
//
// The library's verdict is the regexp's. A backtracking regexp match costs
// hundreds of nanoseconds, and the finder asks thousands per text; so on
// first use the pattern is also turned into a deterministic automaton over
// the ten digits, which answers in one table step per digit. The automaton
// is built by the textbook subset construction from the regexp's own
// compiled program, so it accepts exactly the strings the regexp matches
// (TestDFAMatchesRegexp checks every metadata pattern). Where it cannot be
// built (an assertion inside the pattern, too many states), the regexp
// answers, behind the heads filter.
type digitPattern struct {
	src    string
	prefix bool           // match a prefix of the input, not all of it
	re     *regexp.Regexp // src anchored at the start (and at the end unless prefix)
	once   sync.Once
	dfa    *dfa  // nil: ask re
	h      heads // the first digits src can match, in front of re
}

// newDigitPattern compiles src, to be matched in full or, with prefix, on
// a prefix of the input.
func newDigitPattern(src string, prefix bool) (*digitPattern, error) {
	anchored := "^(?:" + src + ")"
	if !prefix {
		anchored += "$"
	}
	re, err := regexp.Compile(anchored)
	if err != nil {
		return nil, err
	}
	return &digitPattern{src: src, prefix: prefix, re: re}, nil
}

// patternSet holds the digitPatterns made at start-up, by source and mode,
// so that the regions sharing a pattern share its automaton.
type patternSet map[string]*digitPattern

// get returns the digitPattern of src, matched on a prefix if prefix, or
// nil if src does not compile.
func (ps patternSet) get(src string, prefix bool) *digitPattern {
	key := "full:" + src
	if prefix {
		key = "prefix:" + src
	}
	if p, ok := ps[key]; ok {
		return p
	}
	p, _ := newDigitPattern(src, prefix) // nil if src does not compile
	ps[key] = p
	return p
}

// build makes the automaton, or failing that the heads, of p.
func (p *digitPattern) build() {
	if p.dfa = newDFA(p.src, p.prefix); p.dfa == nil {
		p.h = headsOf(p.src)
	}
}

// match reports whether the regexp of p matches s. Safe for concurrent use.
func (p *digitPattern) match(s string) bool {
	p.once.Do(p.build)
	if p.dfa != nil {
		if m, ok := p.dfa.run(s); ok {
			return m
		}
		return p.re.MatchString(s)
	}
	if p.prefix {
		return p.h.mayPrefix(s) && p.re.MatchString(s)
	}
	return p.h.mayMatch(s) && p.re.MatchString(s)
}

// dfa is a deterministic automaton over the digits '0'..'9'. State 0 is
// dead (nothing more can match), state 1 the start.
type dfa struct {
	next   []uint16 // next[10*s+c] is the state after digit c in state s
	final  []bool   // the input may end in state s (prefix mode: has matched)
	prefix bool
}

// maxDFAStates bounds an automaton's size; the metadata patterns need far
// fewer states (their numbers are short).
const maxDFAStates = 4096

// newDFA returns the automaton accepting what pattern matches in full (or,
// with prefix, the strings having a prefix it matches), or nil if the
// pattern holds something the construction does not handle.
func newDFA(pattern string, prefix bool) *dfa {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil
	}
	// A state is the set of the program's consuming and matching
	// instructions the input can have reached, sorted.
	type set = []uint32
	ok := true
	// closure adds to out the consuming and matching instructions reachable
	// from pc without input; seen[pc] == mark means pc was visited in this
	// round.
	seen, mark := make([]int, len(prog.Inst)), 0
	var closure func(pc uint32, out set) set
	closure = func(pc uint32, out set) set {
		if seen[pc] == mark {
			return out
		}
		seen[pc] = mark
		inst := &prog.Inst[pc]
		switch inst.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			out = closure(inst.Out, out)
			return closure(inst.Arg, out)
		case syntax.InstCapture, syntax.InstNop:
			return closure(inst.Out, out)
		case syntax.InstFail:
			return out
		case syntax.InstMatch, syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			return append(out, pc)
		}
		ok = false // an empty-width assertion: not handled
		return out
	}
	key := func(s set) string {
		b := make([]byte, 0, 4*len(s))
		for _, pc := range s {
			b = append(b, byte(pc), byte(pc>>8), byte(pc>>16), byte(pc>>24))
		}
		return string(b)
	}
	d := &dfa{prefix: prefix}
	ids := map[string]uint16{}
	var states []set
	add := func(s set) uint16 {
		slices.Sort(s)
		s = slices.Compact(s)
		if len(s) == 0 {
			return 0
		}
		k := key(s)
		if id, found := ids[k]; found {
			return id
		}
		id := uint16(len(states))
		ids[k] = id
		states = append(states, s)
		return id
	}
	// The dead state, then the start (which may be empty too, for a
	// pattern that matches nothing).
	mark++
	start := closure(uint32(prog.Start), nil)
	slices.Sort(start)
	start = slices.Compact(start)
	states = append(states, nil, start)
	ids[key(start)] = 1
	for k := 0; k < len(states) && ok; k++ {
		if len(states) > maxDFAStates {
			return nil
		}
		s := states[k]
		matched := slices.ContainsFunc(s, func(pc uint32) bool { return prog.Inst[pc].Op == syntax.InstMatch })
		d.final = append(d.final, matched)
		for c := rune('0'); c <= '9'; c++ {
			var to set
			if !(prefix && matched) { // a prefix that matched stays matched: no need to go on
				mark++
				for _, pc := range s {
					if inst := &prog.Inst[pc]; consumes(inst, c) {
						to = closure(inst.Out, to)
					}
				}
			}
			d.next = append(d.next, add(to))
		}
	}
	if !ok || len(states) > maxDFAStates {
		return nil
	}
	return d
}

// consumes reports whether inst, a consuming or matching instruction, takes
// the digit c, as package regexp's matchers decide it.
func consumes(inst *syntax.Inst, c rune) bool {
	switch inst.Op {
	case syntax.InstRune:
		return inst.MatchRune(c)
	case syntax.InstRune1:
		return c == inst.Rune[0]
	case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return true // c is a digit, never '\n'
	}
	return false
}

// run reports whether the automaton accepts s, and false for ok if s holds
// something other than ASCII digits (the caller must then ask the regexp).
func (d *dfa) run(s string) (match, ok bool) {
	st := uint16(1)
	if d.prefix && d.final[st] {
		return true, true
	}
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return false, false
		}
		st = d.next[10*int(st)+int(c)]
		if st == 0 {
			return false, true
		}
		if d.prefix && d.final[st] {
			return true, true
		}
	}
	return d.final[st], true
}
