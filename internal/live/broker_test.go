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
