package catalog

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// placeholder is a value the caller puts in: {rep}, {name}, {date}.
var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// agree checks every language's texts against English's: the same keys,
// each with the same placeholders as often, and no text empty or written as
// a template. It lists every problem, file by file.
func agree(files map[string]map[string]string) error {
	en, ok := files[English]
	if !ok {
		return errors.New("en.toml is missing: English is what every language is checked against")
	}
	var errs []error
	for _, lang := range slices.Sorted(maps.Keys(files)) {
		texts := files[lang]
		for _, key := range slices.Sorted(maps.Keys(en)) {
			if _, ok := texts[key]; !ok {
				errs = append(errs, fmt.Errorf("%s.toml lacks %s", lang, key))
			}
		}
		for _, key := range slices.Sorted(maps.Keys(texts)) {
			if err := checkText(texts[key], en, key); err != nil {
				errs = append(errs, fmt.Errorf("%s.toml: %s %w", lang, key, err))
			}
		}
	}
	return errors.Join(errs...)
}

// checkText checks the text of key against English's.
func checkText(text string, en map[string]string, key string) error {
	want, ok := en[key]
	switch {
	case !ok:
		return errors.New("is not in en.toml")
	case strings.TrimSpace(text) == "":
		return errors.New("is empty")
	case strings.Contains(text, "{{"):
		return errors.New("has {{: texts are plain text, never templates")
	}
	if got, want := placeholders(text), placeholders(want); !slices.Equal(got, want) {
		return fmt.Errorf("has placeholders %v where en.toml has %v", got, want)
	}
	return nil
}

// placeholders are the placeholders of s, sorted.
func placeholders(s string) []string {
	found := placeholder.FindAllString(s, -1)
	slices.Sort(found)
	return found
}
