package api

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"closedset/frontend"
)

// placeholderPage is served when the binary was built before the PWA.
const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
	`<meta name="viewport" content="width=device-width,initial-scale=1"><title>Closed Set</title></head>` +
	`<body><h1>Closed Set</h1><p>The app has not been built into this binary. Run <code>make run</code>.</p></body></html>`

// mountPWA serves the embedded PWA for every path outside /api/, with the app
// shell as the fallback for client-side routes. index.html, the service worker
// and the manifest are revalidated on every load; hashed assets are immutable.
func mountPWA(e *echo.Echo) {
	_ = mime.AddExtensionType(".webmanifest", "application/manifest+json")
	dist := frontend.Dist()
	index, err := fs.ReadFile(dist, "index.html")
	built := err == nil
	files := http.FileServer(http.FS(dist))
	handler := func(c echo.Context) error {
		p := c.Request().URL.Path
		if strings.HasPrefix(p, "/api/") {
			return echo.ErrNotFound
		}
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == "" || name == "index.html" || !built || !exists(dist, name) {
			if path.Ext(name) != "" && name != "index.html" {
				return echo.ErrNotFound // a missing file, not an app route
			}
			c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
			if !built {
				return c.HTML(http.StatusOK, placeholderPage)
			}
			return c.HTMLBlob(http.StatusOK, index)
		}
		switch {
		case strings.HasPrefix(name, "assets/"):
			c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
		default:
			c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
		}
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	}
	e.GET("/*", handler)
	e.HEAD("/*", handler)
}

func exists(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && !st.IsDir()
}
