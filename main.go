// Command closedset serves the Closed Set API and PWA. Configuration comes from
// CLOSEDSET_* environment variables (see README.md).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // production time zones must resolve in minimal images

	"closedset/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Run(ctx, os.Args, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "closedset:", err)
		os.Exit(1)
	}
}
