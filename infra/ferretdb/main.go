// Command ccp-ferretdb serves FerretDB's embeddable handler on a local port, so the
// platform has a real MongoDB-compatible server without Docker.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	sqliteDir := flag.String("sqlite-dir", "data/ferretdb", "directory of the SQLite databases")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL for the postgresql backend")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if *handler == "sqlite" {
		if err := os.MkdirAll(*sqliteDir, 0o755); err != nil {
			logger.Error("cannot create the SQLite directory", "dir", *sqliteDir, "err", err)
			os.Exit(1)
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     "file:" + *sqliteDir + "/",
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "err", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger.Warn("FerretDB listening", "uri", "mongodb://"+*listen+"/", "handler", *handler)
	if err := f.Run(ctx); err != nil {
		logger.Error("FerretDB stopped", "err", err)
		os.Exit(1)
	}
}
