package service

// ForgetCoverage empties the service's coverage cache, so that the next read
// is a cold one (benchmarks of the cold path).
func (s *Service) ForgetCoverage() {
	if c := s.coverage; c != nil {
		c.mu.Lock()
		clear(c.entries)
		c.mu.Unlock()
	}
}
