package mailer

import "closedset/internal/mail"

// Message is one e-mail as internal/mail sends it.
type Message = mail.Message

// Sender sends messages (mail.SMTP).
type Sender = mail.Sender
