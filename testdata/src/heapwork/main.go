// heapwork allocates through a few call chains, keeps part of it live and
// writes a heap profile (alloc_objects, alloc_space, inuse_objects,
// inuse_space) with runtime/pprof.  It produced testdata/pprof/heap.pb.gz:
// go run ./testdata/src/heapwork OUT
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

var keep [][]byte

//go:noinline
func small(n int) {
	for i := 0; i < n; i++ {
		b := make([]byte, 512)
		if i%4 == 0 {
			keep = append(keep, b)
		}
	}
}

//go:noinline
func large(n int) {
	for i := 0; i < n; i++ {
		keep = append(keep, make([]byte, 1<<20))
	}
}

//go:noinline
func temp(n int) int {
	t := 0
	for i := 0; i < n; i++ {
		b := make([]byte, 64<<10)
		t += len(b)
	}
	return t
}

func main() {
	// Record every allocation so the profile does not depend on sampling.
	runtime.MemProfileRate = 1
	small(20000)
	large(8)
	_ = temp(200)
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		panic(err)
	}
	f.Close()
}
