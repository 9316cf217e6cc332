package mailer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"closedset/internal/mail"
	"closedset/internal/mail/mailtest"
	"closedset/internal/mailer"
	"closedset/internal/storage"
	"closedset/internal/storage/storagetest"
)

// BenchmarkMailWorker is the outbox end to end: b.N sealed jobs in the
// database, the worker (4 senders, one SMTP connection per message) claims,
// opens, sends them to a local SMTP server and records each outcome. It
// reports jobs per second.
func BenchmarkMailWorker(b *testing.B) {
	ctx := context.Background()
	st := storagetest.Open(b)
	smtp := mailtest.Start(b)
	sealer, err := mailer.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for i := range b.N {
		id := fmt.Sprintf("job-%08d", i)
		body, err := sealer.Seal(id, mailer.Message{To: fmt.Sprintf("p%d@example.test", i), Subject: "Night Garden — Scene 4: blocked.",
			Text: "Scene 4: blocked.\n\nOpen in Closed Set: https://set.example.test/x\n", HTML: "<p>Scene 4: blocked.</p>"})
		if err != nil {
			b.Fatal(err)
		}
		if err := st.EnqueueMail(ctx, storage.MailJob{ID: id, Kind: "notification", ToHash: mailer.AddressHash("x"), Body: body, CreatedAt: now}); err != nil {
			b.Fatal(err)
		}
	}
	settings, err := mail.ParseURL(smtp.URL())
	if err != nil {
		b.Fatal(err)
	}
	settings.From = "Closed Set <no-reply@set.example.test>"
	sender, err := mail.NewSMTP(settings)
	if err != nil {
		b.Fatal(err)
	}
	w := mailer.New(mailer.Options{Store: st, Sender: sender, Sealer: sealer, Now: func() time.Time { return now }})
	b.ResetTimer()
	start := time.Now()
	for sent := 0; sent < b.N; {
		sent += w.Drain(ctx)
	}
	b.StopTimer()
	if n, err := st.CountMailJobs(ctx, "sent"); err != nil || n != int64(b.N) {
		b.Fatalf("%d sent, want %d (%v)", n, b.N, err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "jobs/s")
}
