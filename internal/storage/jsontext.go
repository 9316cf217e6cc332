package storage

import "encoding/json"

// toJSON renders a value for a TEXT column holding JSON; nil slices become [].
func toJSON[T any](v []T) string {
	if v == nil {
		return "[]"
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // slices of strings and plain structs always marshal
	}
	return string(b)
}

// fromJSON reads a TEXT column holding a JSON array.
func fromJSON[T any](s string) []T {
	var out []T
	if s == "" {
		return []T{}
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil || out == nil {
		return []T{}
	}
	return out
}
