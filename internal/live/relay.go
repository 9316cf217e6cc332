package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL notification channel live events cross on.
const Channel = "closedset_live"

// MaxPayload is the largest notification payload sent: PostgreSQL refuses
// those of 8000 bytes or more. A larger event crosses as a resync notice
// (see notice).
const MaxPayload = 7900

// queueSize is how many events wait for the sender at most; beyond, events
// are not queued and the next send asks every other instance to resync.
const queueSize = 4096

// notice is a notification's payload on Channel: the sending instance, a
// sequence number (PostgreSQL folds identical notifications of one
// transaction into one), the production and its event. Resync, instead of an
// event, says that events were lost — the production's (or, with no
// production, every) stream on the other instances ends, so that its clients
// reconnect and read again.
type notice struct {
	Instance     string `json:"i"`
	Seq          uint64 `json:"n"`
	ProductionID string `json:"p,omitempty"`
	Event        *Event `json:"e,omitempty"`
	Resync       bool   `json:"r,omitempty"`
}

// RelayOptions configures a Relay.
type RelayOptions struct {
	// URL is the PostgreSQL database (postgres://…); the relay opens two
	// connections of its own, outside any pool.
	URL string
	// Broker is this instance's broker: its events are sent, the others'
	// delivered to it.
	Broker *Broker
	// Instance names this instance (unique per process): its own
	// notifications come back to it and are ignored.
	Instance string
	Logger   *slog.Logger
	// Backoff is the first wait before reconnecting (0: 250 ms), doubling up
	// to 10 s.
	Backoff time.Duration
}

type queued struct {
	productionID string
	event        Event
}

// Relay carries live events between instances sharing a PostgreSQL database:
// Publish on any instance reaches the subscribers of every instance.
//
// One sender goroutine takes events from a buffered queue (Publish never
// waits on the database) and sends them with pg_notify on its own
// connection, a batch per statement. One listener goroutine LISTENs on its
// own connection and delivers the other instances' events to the local
// broker. When the listener's connection is lost it reconnects with backoff,
// and every local stream is ended when it is lost and again when it listens
// again, so that clients reconnect and read what they missed.
//
// Other components can follow a channel of their own with OnChannel, and
// learn about lost notifications with OnConnection.
type Relay struct {
	o     RelayOptions
	log   *slog.Logger
	queue chan queued
	seq   atomic.Uint64
	// overflow is set when an event could not be queued or sent: the next
	// send carries a resync notice.
	overflow atomic.Bool

	mu        sync.Mutex
	handlers  map[string][]func(payload string)
	listened  map[string]bool // channels LISTENed on the current connection
	onConn    []func(listening bool)
	listening bool
	wake      chan struct{} // a new channel to LISTEN on

	listen *pgx.Conn // the listener's connection (Start, then the listener goroutine)
}

// NewRelay returns a relay; Start connects it.
func NewRelay(o RelayOptions) *Relay {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Backoff <= 0 {
		o.Backoff = 250 * time.Millisecond
	}
	r := &Relay{o: o, log: o.Logger, queue: make(chan queued, queueSize),
		handlers: map[string][]func(string){}, wake: make(chan struct{}, 1)}
	r.handlers[Channel] = []func(string){r.receive}
	return r
}

// OnChannel calls fn with the payload of every notification on a PostgreSQL
// channel (from any instance, this one included), in order, on the
// listener's goroutine: fn must be quick. It may be called before or after
// Start; the listener LISTENs on the channel at once. Notifications sent
// while the listener is disconnected are lost: use OnConnection to learn
// about it. Example: an auth cache refreshed on channel "closedset_auth",
// notified in the transactions that change memberships.
func (r *Relay) OnChannel(name string, fn func(payload string)) {
	r.mu.Lock()
	r.handlers[name] = append(r.handlers[name], fn)
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// OnConnection calls fn(false) when the listener loses its connection (from
// then on notifications may be missed: a cache fed by them must stop
// trusting itself) and fn(true) when it listens again on every channel
// (anything cached before may be stale: drop it).
func (r *Relay) OnConnection(fn func(listening bool)) {
	r.mu.Lock()
	r.onConn = append(r.onConn, fn)
	r.mu.Unlock()
}

// Listening reports whether the listener is connected and listening.
func (r *Relay) Listening() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.listening
}

// Start connects the listener (an error when the database cannot be
// reached) and makes the broker forward its events to the relay; Run then
// serves until ctx ends.
func (r *Relay) Start(ctx context.Context) error {
	conn, err := r.connectListener(ctx)
	if err != nil {
		return err
	}
	r.listen = conn
	r.setListening(true, false)
	r.o.Broker.SetForward(r.enqueue)
	return nil
}

// Run runs the sender and the listener until ctx ends (after Start).
func (r *Relay) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { r.send(ctx) })
	wg.Go(func() { r.listenLoop(ctx) })
	wg.Wait()
	r.o.Broker.SetForward(nil)
}

// enqueue hands an event to the sender without waiting.
func (r *Relay) enqueue(productionID string, e Event) {
	select {
	case r.queue <- queued{productionID, e}:
	default:
		if !r.overflow.Swap(true) {
			r.log.Warn("live relay: queue full; other instances' streams will resync")
		}
	}
}

// payload encodes one event, or a resync notice for its production when it
// does not fit in a notification.
func (r *Relay) payload(q queued) string {
	e := q.event
	b, err := json.Marshal(notice{Instance: r.o.Instance, Seq: r.seq.Add(1), ProductionID: q.productionID, Event: &e})
	if err == nil && len(b) <= MaxPayload {
		return string(b)
	}
	r.log.Warn("live relay: event too large for a notification; other instances' streams of its production resync",
		"type", e.Type, "bytes", len(b))
	b, _ = json.Marshal(notice{Instance: r.o.Instance, Seq: r.seq.Add(1), ProductionID: q.productionID, Resync: true})
	return string(b)
}

// send is the sender goroutine: it drains the queue in batches and sends
// each batch in one statement on its own connection.
func (r *Relay) send(ctx context.Context) {
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	backoff := r.o.Backoff
	batch := make([]string, 0, 256)
	for {
		batch = batch[:0]
		select {
		case <-ctx.Done():
			return
		case q := <-r.queue:
			batch = append(batch, r.payload(q))
		}
	drain:
		for len(batch) < cap(batch) {
			select {
			case q := <-r.queue:
				batch = append(batch, r.payload(q))
			default:
				break drain
			}
		}
		for conn == nil {
			c, err := pgx.Connect(ctx, r.o.URL)
			if err == nil {
				conn, backoff = c, r.o.Backoff
				break
			}
			if ctx.Err() != nil {
				return
			}
			r.log.Warn("live relay: sender cannot connect", "err", err, "retryIn", backoff)
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(2*backoff, 10*time.Second)
		}
		if r.overflow.Swap(false) {
			b, _ := json.Marshal(notice{Instance: r.o.Instance, Seq: r.seq.Add(1), Resync: true})
			batch = append(batch, string(b))
		}
		if _, err := conn.Exec(ctx, "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", Channel, batch); err != nil {
			if ctx.Err() != nil {
				return
			}
			r.log.Warn("live relay: send failed; other instances' streams will resync", "err", err)
			r.overflow.Store(true)
			conn.Close(context.Background())
			conn = nil
		}
	}
}

// receive handles one notification on Channel.
func (r *Relay) receive(payload string) {
	var n notice
	if err := json.Unmarshal([]byte(payload), &n); err != nil {
		r.log.Warn("live relay: unreadable notification", "err", err)
		return
	}
	switch {
	case n.Instance == r.o.Instance:
	case n.Resync && n.ProductionID == "":
		r.o.Broker.EndAll()
	case n.Resync:
		r.o.Broker.End(n.ProductionID)
	case n.Event != nil && n.ProductionID != "":
		r.o.Broker.Deliver(n.ProductionID, *n.Event)
	}
}

// connectListener opens the listener's connection and LISTENs on every
// channel with a handler.
func (r *Relay) connectListener(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(r.o.URL)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = "closedset-listen-" + r.o.Instance
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.listened = map[string]bool{}
	r.mu.Unlock()
	if err := r.listenNew(ctx, conn); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// listenNew LISTENs on the channels registered since the last time.
func (r *Relay) listenNew(ctx context.Context, conn *pgx.Conn) error {
	r.mu.Lock()
	var names []string
	for name := range r.handlers {
		if !r.listened[name] {
			names = append(names, name)
		}
	}
	r.mu.Unlock()
	for _, name := range names {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{name}.Sanitize()); err != nil {
			return err
		}
		r.mu.Lock()
		r.listened[name] = true
		r.mu.Unlock()
	}
	return nil
}

// listenLoop is the listener goroutine.
func (r *Relay) listenLoop(ctx context.Context) {
	conn := r.listen
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	backoff := r.o.Backoff
	for ctx.Err() == nil {
		if conn == nil {
			c, err := r.connectListener(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				r.log.Warn("live relay: listener cannot connect", "err", err, "retryIn", backoff)
				if !sleep(ctx, backoff) {
					return
				}
				backoff = min(2*backoff, 10*time.Second)
				continue
			}
			conn, backoff = c, r.o.Backoff
			r.log.Info("live relay: listening again")
			r.setListening(true, true)
		}
		err := r.wait(ctx, conn)
		if err == nil || ctx.Err() != nil {
			continue
		}
		r.log.Warn("live relay: listener connection lost; local streams end and reconnect", "err", err)
		conn.Close(context.Background())
		conn = nil
		r.setListening(false, true)
	}
}

// wait waits for notifications and dispatches them until a new channel is
// registered (nil), a quiet 30 s passed (nil, after checking the
// connection), or the connection fails (its error).
func (r *Relay) wait(ctx context.Context, conn *pgx.Conn) error {
	if err := r.listenNew(ctx, conn); err != nil {
		return err
	}
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	go func() {
		select {
		case <-r.wake:
			cancel()
		case <-waitCtx.Done():
		}
	}()
	for {
		n, err := conn.WaitForNotification(waitCtx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if waitCtx.Err() != nil && !conn.IsClosed() {
				// Woken or quiet: make sure the connection still answers.
				pingCtx, cancelPing := context.WithTimeout(ctx, 10*time.Second)
				defer cancelPing()
				return conn.Ping(pingCtx)
			}
			return err
		}
		r.mu.Lock()
		fns := r.handlers[n.Channel]
		r.mu.Unlock()
		for _, fn := range fns {
			fn(n.Payload)
		}
	}
}

// setListening records the listener's state; a change after the first
// connection ends the local streams and tells the OnConnection hooks.
func (r *Relay) setListening(up, changed bool) {
	r.mu.Lock()
	r.listening = up
	hooks := append([]func(bool){}, r.onConn...)
	r.mu.Unlock()
	if !changed {
		return
	}
	r.o.Broker.EndAll()
	for _, fn := range hooks {
		fn(up)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
