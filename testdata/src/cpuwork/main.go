// cpuwork burns CPU in a few distinct call chains, some of them inlined and
// some labelled, and writes a CPU profile with runtime/pprof.  It produced
// testdata/pprof/cpu.pb.gz:  go run ./testdata/src/cpuwork OUT
package main

import (
	"context"
	"os"
	"runtime/pprof"
	"time"
)

var sink uint64

// mix is small enough for the compiler to inline into its callers, so the
// profile carries locations with several Line entries.
func mix(x uint64) uint64 {
	x ^= x >> 13
	x *= 0x9e3779b97f4a7c15
	return x ^ x>>29
}

//go:noinline
func alpha(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := 0; i < 10000; i++ {
			sink = mix(sink + uint64(i))
		}
	}
}

//go:noinline
func beta(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := 0; i < 10000; i++ {
			sink += uint64(i) * 7
		}
	}
}

//go:noinline
func gamma(d time.Duration) {
	alpha(d / 2)
	beta(d / 2)
}

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		panic(err)
	}
	alpha(300 * time.Millisecond)
	beta(200 * time.Millisecond)
	gamma(300 * time.Millisecond)
	pprof.Do(context.Background(), pprof.Labels("worker", "w1"), func(context.Context) {
		alpha(200 * time.Millisecond)
	})
	pprof.StopCPUProfile()
	f.Close()
}
