package app

import (
	"fmt"
	"log/slog"

	"closedset/internal/config"
	"closedset/internal/mail"
	"closedset/internal/mailer"
	"closedset/internal/storage"
)

// setupMail turns e-mail on when CLOSEDSET_SMTP_URL is set: the SMTP sender
// (go-mail; STARTTLS required unless the host is loopback, or implicit TLS
// for smtps://), the sealer that encrypts queued messages under the server
// secret, and the worker that delivers them. Without the URL it logs once
// that e-mail is off and returns nils: everything else works as before. An
// invalid URL or sender stops the start with a clear message.
func setupMail(cfg config.Config, secret []byte, store *storage.Store, log *slog.Logger) (*mailer.Sealer, *mailer.Worker, error) {
	if cfg.SMTPURL == "" {
		log.Info("e-mail is off: CLOSEDSET_SMTP_URL is not set; invites are shared by copying their link and password reset is not offered")
		return nil, nil, nil
	}
	settings, err := mail.ParseURL(cfg.SMTPURL)
	if err != nil {
		return nil, nil, fmt.Errorf("CLOSEDSET_SMTP_URL: %w", err)
	}
	settings.From = cfg.MailFrom
	sender, err := mail.NewSMTP(settings)
	if err != nil {
		return nil, nil, fmt.Errorf("e-mail (CLOSEDSET_SMTP_URL, CLOSEDSET_MAIL_FROM): %w", err)
	}
	sealer, err := mailer.NewSealer(secret)
	if err != nil {
		return nil, nil, err
	}
	w := mailer.New(mailer.Options{Store: store, Sender: sender, Sealer: sealer, Permanent: mail.Permanent, Logger: log})
	log.Info("e-mail is on", "smtp", mail.Redacted(cfg.SMTPURL), "security", settings.Security.String(), "from", cfg.MailFrom)
	return sealer, w, nil
}
