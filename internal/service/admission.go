package service

import (
	"context"

	"closedset/internal/storage"
)

// Admit takes one of the database's request slots for the length of a
// request; see storage.Store.Acquire. Waiting too long is unavailable with
// retryAfter 1. A read (a ReadOnly ctx) takes one of the read slots, so that
// reads never wait for writers.
func (s *Service) Admit(ctx context.Context) (release func(), err error) {
	return s.store.Acquire(ctx)
}

// ReadOnly marks ctx as a request that changes nothing: its statements
// outside a transaction go to the read pool, and Admit takes a read slot
// (see storage.ReadOnly). A use case run with it that writes fails.
func ReadOnly(ctx context.Context) context.Context { return storage.ReadOnly(ctx) }
