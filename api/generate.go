// Package api holds the HTTP contract of Closed Set: the types and the echo
// ServerInterface generated from ../openapi.yaml, and their implementation.
package api

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
