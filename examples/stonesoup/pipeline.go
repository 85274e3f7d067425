package main

import (
	"context"
	"sync"
)

// inOrder makes parts k = 0, 1, 2, … on workers goroutines and hands them to
// use in the order of k, holding no more than 2×workers parts at a time. It
// stops when use returns false or an error, or when the context is done.
// The result does not depend on the number of workers.
func inOrder[T any](ctx context.Context, workers int, build func(k int) T, use func(k int, part T) (more bool, err error)) error {
	workers = max(1, workers)
	ring := 2 * workers
	slots := make([]chan T, ring)
	for i := range slots {
		slots[i] = make(chan T, 1)
	}
	tokens := make(chan struct{}, ring)
	done := make(chan struct{})
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				select {
				case tokens <- struct{}{}:
				case <-done:
					return
				}
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				part := build(k)
				select {
				case slots[k%ring] <- part:
				case <-done:
					return
				}
			}
		})
	}
	defer func() {
		close(done)
		wg.Wait()
	}()
	for k := 0; ; k++ {
		var part T
		select {
		case part = <-slots[k%ring]:
		case <-ctx.Done():
			return ctx.Err()
		}
		<-tokens
		more, err := use(k, part)
		if err != nil || !more {
			return err
		}
	}
}
