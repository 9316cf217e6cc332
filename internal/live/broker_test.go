package live

import "testing"

func TestBrokerFansOutPerProduction(t *testing.T) {
	b := NewBroker()
	a1, stopA1 := b.Subscribe("a")
	a2, stopA2 := b.Subscribe("a")
	other, stopOther := b.Subscribe("b")
	defer stopOther()
	b.Publish("a", Event{Type: "checkin.answered", Data: map[string]any{"answer": "stop"}})
	for _, ch := range []<-chan Event{a1, a2} {
		if e := <-ch; e.Type != "checkin.answered" || e.Data["answer"] != "stop" {
			t.Fatalf("got %+v", e)
		}
	}
	select {
	case e := <-other:
		t.Fatalf("another production got %+v", e)
	default:
	}
	stopA1()
	stopA1() // idempotent
	if _, open := <-a1; open {
		t.Fatal("channel not closed")
	}
	if b.Subscribers("a") != 1 {
		t.Fatalf("subscribers %d", b.Subscribers("a"))
	}
	for i := 0; i < 100; i++ { // a slow subscriber never blocks publishers
		b.Publish("a", Event{Type: "x"})
	}
	stopA2()
	if b.Subscribers("a") != 0 {
		t.Fatal("subscription leaked")
	}
}

func TestBrokerEndsSubscriptions(t *testing.T) {
	b := NewBroker()
	var forwarded []string
	b.SetForward(func(pid string, e Event) { forwarded = append(forwarded, pid+" "+e.Type) })
	a, stopA := b.Subscribe("a")
	other, stopOther := b.Subscribe("b")
	b.End("a")
	if _, open := <-a; open {
		t.Fatal("End left the subscription open")
	}
	stopA() // after End: no double close
	b.Deliver("b", Event{Type: "remote"})
	b.Publish("b", Event{Type: "local"})
	if e := <-other; e.Type != "remote" {
		t.Fatalf("got %+v", e)
	}
	<-other
	if len(forwarded) != 1 || forwarded[0] != "b local" {
		t.Fatalf("forwarded %v: want only the published event", forwarded)
	}
	b.EndAll()
	if _, open := <-other; open {
		t.Fatal("EndAll left a subscription open")
	}
	stopOther()
	if b.Subscribers("a")+b.Subscribers("b") != 0 {
		t.Fatal("subscriptions left after EndAll")
	}
}
