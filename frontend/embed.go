// Package frontend embeds the built PWA (frontend/dist) into the binary.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built PWA files rooted at dist/. When the PWA has not been
// built yet it holds only .gitkeep, and Built reports false.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a fixed, valid path.
	}
	return sub
}

// Built reports whether the embedded dist/ contains an app shell (index.html).
func Built() bool {
	_, err := fs.Stat(Dist(), "index.html")
	return err == nil
}
