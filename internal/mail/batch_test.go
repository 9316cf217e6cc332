package mail_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"closedset/internal/mail"
	"closedset/internal/mail/mailtest"
)

func TestSendBatchOneConnectionPerBatch(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	srv.Script(mailtest.Accept, mailtest.RcptPermFail, mailtest.TempFail, mailtest.PermFail, mailtest.Accept)
	ms := make([]mail.Message, 6)
	for i := range ms {
		ms[i] = message(fmt.Sprintf("user%d@example.org", i))
		ms[i].MessageID = fmt.Sprintf("<batch-%d@closedset.example>", i)
	}
	ms[2].To = "not an address" // invalid: never reaches the server, takes no scripted reply
	errs := c.SendBatch(context.Background(), ms)
	want := []struct {
		ok, permanent bool
	}{{true, false}, {false, true}, {false, true}, {false, false}, {false, true}, {true, false}}
	for i, w := range want {
		if (errs[i] == nil) != w.ok || mail.Permanent(errs[i]) != w.permanent {
			t.Errorf("message %d: err %v (permanent %v), want ok=%v permanent=%v", i, errs[i], mail.Permanent(errs[i]), w.ok, w.permanent)
		}
	}
	got := srv.WaitFor(t, 2, 5*time.Second)
	for i, wantID := range []string{"<batch-0@closedset.example>", "<batch-5@closedset.example>"} {
		p, err := mailtest.Parse(got[i].Raw)
		if err != nil {
			t.Fatal(err)
		}
		if p.MessageID != wantID {
			t.Errorf("stored message %d is %s, want %s", i, p.MessageID, wantID)
		}
	}
	if srv.Connections() != 1 || srv.Attempts() != 5 {
		t.Errorf("connections %d, attempts %d; want 1 and 5", srv.Connections(), srv.Attempts())
	}
}

func TestSendBatchStopsOnLostConnection(t *testing.T) {
	srv := mailtest.Start(t)
	c := sender(t, srv.URL())
	srv.Script(mailtest.Accept, mailtest.Drop)
	ms := []mail.Message{message("a@example.org"), message("b@example.org"), message("c@example.org")}
	errs := c.SendBatch(context.Background(), ms)
	if errs[0] != nil {
		t.Errorf("first message: %v", errs[0])
	}
	for i := 1; i < 3; i++ {
		if errs[i] == nil || mail.Permanent(errs[i]) {
			t.Errorf("message %d: %v, want a temporary error", i, errs[i])
		}
	}
	if srv.Attempts() != 2 || len(srv.Messages()) != 1 {
		t.Errorf("attempts %d, stored %d; want 2 and 1 (nothing tried after the drop)", srv.Attempts(), len(srv.Messages()))
	}

	// Nothing listening: every valid message gets the (temporary) dial error, the invalid one its own.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	bad := message("b@example.org")
	bad.HTML = ""
	errs = sender(t, "smtp://"+addr).SendBatch(context.Background(), []mail.Message{message("a@example.org"), bad})
	if errs[0] == nil || mail.Permanent(errs[0]) {
		t.Errorf("refused connection: %v, want a temporary error", errs[0])
	}
	if errs[1] == nil || !mail.Permanent(errs[1]) {
		t.Errorf("invalid message: %v, want a permanent error", errs[1])
	}
}

func BenchmarkMailDeliverBatch(b *testing.B) {
	srv := mailtest.Start(b)
	c := sender(b, srv.URL())
	const size = 50
	ms := make([]mail.Message, size)
	for i := range ms {
		ms[i] = message("ada@example.org")
	}
	sent := 0
	start := time.Now()
	for b.Loop() {
		for i, err := range c.SendBatch(context.Background(), ms) {
			if err != nil {
				b.Fatalf("message %d: %v", i, err)
			}
		}
		sent += size
	}
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "msg/s")
}
