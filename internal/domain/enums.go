package domain

import "strings"

// NudityLevels lists every nudity level, least to most.
var NudityLevels = []Nudity{NudityNone, NudityPartial, NudityFull}

// BodyAreas lists every body area in the contract's order.
var BodyAreas = []BodyArea{AreaHead, AreaFace, AreaLips, AreaNeck, AreaShoulders, AreaArms, AreaHands,
	AreaChest, AreaBreasts, AreaAbdomen, AreaBack, AreaButtocks, AreaHips, AreaGenitals, AreaThighs,
	AreaLegs, AreaFeet}

func knownNudity(n Nudity) bool { return NudityRank(n) >= 0 }

func knownBodyArea(a BodyArea) bool {
	for _, k := range BodyAreas {
		if a == k {
			return true
		}
	}
	return false
}

func knownContentTag(t ContentTag) bool {
	for _, k := range ContentTags {
		if t == k {
			return true
		}
	}
	return false
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// fieldErrors collects the invalid fields of one input so that a single
// validation_failed error names all of them.
type fieldErrors []FieldError

func (f *fieldErrors) add(field, message string) {
	*f = append(*f, FieldError{Field: field, Message: message})
}

// err returns nil (an untyped nil) when no field was added.
func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	e := Invalid(f[0].Field, f[0].Message)
	e.Fields = append([]FieldError(nil), f...)
	return e
}
