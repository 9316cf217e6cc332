package service

import (
	"context"
	"net/url"

	"closedset/internal/domain"
	"closedset/internal/mailer"
	"closedset/internal/storage"
)

// Mail job kinds.
const (
	mailInvite        = "invite"
	mailPasswordReset = "password_reset"
	mailNotification  = "notification"
)

// EmailEnabled reports whether e-mail is configured (GET /config).
func (s *Service) EmailEnabled() bool { return s.mail != nil }

var errEmailOff = domain.E(domain.KindUnavailable, "email_off", "E-mail is not set up on this server.")

// queueMail writes one mail job in the caller's transaction: the message is
// sealed under the job's id, the address kept only as a hash; the mail
// worker is woken once the transaction has committed.
func (s *Service) queueMail(ctx context.Context, tx *storage.Store, kind, userID, notificationID string, m mailer.Message) error {
	id := newID()
	// The same Message-ID on every attempt: a retry after a lost answer
	// is recognisably the same message.
	if u, err := url.Parse(s.publicURL); err == nil && u.Hostname() != "" {
		m.MessageID = "<" + id + "@" + u.Hostname() + ">"
	}
	body, err := s.mail.Seal(id, m)
	if err != nil {
		return err
	}
	if err := tx.EnqueueMail(ctx, storage.MailJob{ID: id, Kind: kind, UserID: userID, NotificationID: notificationID,
		ToHash: mailer.AddressHash(m.To), Body: body, CreatedAt: s.now()}); err != nil {
		return err
	}
	tx.AfterCommit(s.wakeMail)
	return nil
}

// mailNotifications queues the e-mails of one notification sent to several
// people (ids maps each recipient to their inbox entry's id), per each
// recipient's setting: off never; always; when_no_push only while they
// have no working push subscription. Check-in requests are never e-mailed.
// One query reads every recipient's address, setting and push state.
func (s *Service) mailNotifications(ctx context.Context, tx *storage.Store, n domain.Notification, ids map[string]string) error {
	if s.mail == nil || !domain.EmailedType(n.Type) || len(ids) == 0 {
		return nil
	}
	users := make([]string, 0, len(ids))
	for u := range ids {
		users = append(users, u)
	}
	rs, err := tx.MailRecipients(ctx, users)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if !domain.ShouldEmail(n.Type, r.Setting, r.WorkingPush) {
			continue
		}
		m := mailer.NotificationMessage(s.publicURL, r.Email, n)
		if err := s.queueMail(ctx, tx, mailNotification, r.UserID, ids[r.UserID], m); err != nil {
			return err
		}
	}
	return nil
}
