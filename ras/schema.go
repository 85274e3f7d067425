package ras

import (
	_ "embed"
	"slices"
)

//go:embed model.schema.json
var modelSchema []byte

// ModelSchema returns the JSON Schema (draft 2020-12) of the model format:
// every field of Model with its title, description, type, enumerated values
// and ranges, so that an editor validates and completes a model file as it
// is written. Point an editor at a copy of it, or name it in the file
// (Model.Schema, which the engine ignores):
//
//	{"$schema": "./model.schema.json", "id": "my-council", ...}
//
// The schema checks each value on its own and the rules that follow from
// the model's family and a question's type. ParseModel checks more: the
// rules a schema cannot state (ids that must be unique across a list,
// references between ids, bands that overlap or leave gaps, shares that
// must sum to 1, …) are listed in the schema's description. A file the
// schema accepts can still be refused by ParseModel, with the path of the
// field at fault; a file ParseModel accepts is accepted by the schema.
// Both refuse decimal strings not in plain notation ("1.25e1", ".5", "5.",
// "+5"), null for any field, and a currency that is not three capital
// letters.
//
// The returned slice is a copy; the schema is also in the module as
// ras/model.schema.json.
func ModelSchema() []byte { return slices.Clone(modelSchema) }
