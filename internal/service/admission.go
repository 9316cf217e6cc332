package service

import "context"

// Admit takes one of the database's request slots for the length of a
// request; see storage.Store.Acquire. Waiting too long is unavailable with
// retryAfter 1.
func (s *Service) Admit(ctx context.Context) (release func(), err error) {
	return s.store.Acquire(ctx)
}
