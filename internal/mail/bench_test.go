package mail_test

import (
	"context"
	"testing"
	"time"

	"closedset/internal/mail/mailtest"
)

// BenchmarkMailDeliver sends messages one connection each (as Send does) to the in-process server on
// loopback and reports messages per second.
func BenchmarkMailDeliver(b *testing.B) {
	srv := mailtest.Start(b)
	c := sender(b, srv.URL())
	m := message("ada@example.org")
	m.ListUnsubscribe = "https://closedset.example/app/me#notifications"
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if err := c.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msg/s")
	if got := len(srv.Messages()); got < b.N {
		b.Fatalf("%d messages stored, want %d", got, b.N)
	}
}

// BenchmarkMailDeliverParallel is the same with several senders at once (the worker may run a few).
func BenchmarkMailDeliverParallel(b *testing.B) {
	srv := mailtest.Start(b)
	c := sender(b, srv.URL())
	m := message("ada@example.org")
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.Send(context.Background(), m); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msg/s")
}
