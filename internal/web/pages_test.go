package web

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/store"
)

// TestTemplatesAgainstTypes executes every template, in every language,
// against its page type: once with the zero value (nothing found, no
// error), once with every field filled (every list with an element,
// every flag set, every optional part present), so that a field a
// template names and its type lacks, or a message key without a message,
// fails here and not in front of a user. Every template has one type.
func TestTemplatesAgainstTypes(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pageTypes() {
		names = append(names, p.template())
	}
	slices.Sort(names)
	var files []string
	for name := range pages["en"] {
		files = append(files, name)
	}
	slices.Sort(files)
	if !slices.Equal(names, files) {
		t.Fatalf("page types %v; templates %v: each template needs one type in pageTypes", names, files)
	}
	admin := &store.User{Name: "x", Role: "admin"}
	for _, lang := range Languages {
		for _, zero := range pageTypes() {
			name := zero.template()
			filled := reflect.New(reflect.TypeOf(zero).Elem())
			fillValue(filled.Elem(), 0)
			if e, ok := filled.Interface().(*errorPage); ok {
				e.Message = "forbidden" // a message key, not text
			}
			type run struct {
				what string
				p    page
				user *store.User
			}
			cases := []run{
				{"zero", zero, admin},
				{"filled", filled.Interface().(page), admin},
			}
			if name == "login" || name == "error" {
				cases = append(cases, run{"anonymous", reflect.New(reflect.TypeOf(zero).Elem()).Interface().(page), nil})
			}
			for _, c := range cases {
				*c.p.base() = frame{User: c.user, Lang: lang}
				var b strings.Builder
				if err := pages[lang][name].ExecuteTemplate(&b, "layout", c.p); err != nil {
					t.Errorf("%s page %s, %s: %v", lang, name, c.what, err)
					continue
				}
				if m := unknownKey.FindString(b.String()); m != "" {
					t.Errorf("%s page %s, %s: unknown message key %s", lang, name, c.what, m)
				}
			}
		}
	}
}

// fillValue sets every exported part of v to something present: strings
// "x", numbers 1 (0.5 for fractions), true, one element in each slice and
// map, pointers to filled values, times to a fixed day. Interfaces stay
// nil: page types have none.
func fillValue(v reflect.Value, depth int) {
	if depth > 8 {
		return
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillValue(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillValue(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fillValue(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillValue(k, depth+1)
		fillValue(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillValue(v.Field(i), depth+1)
			}
		}
	}
}
