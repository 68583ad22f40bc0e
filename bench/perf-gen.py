#!/usr/bin/env python3
"""perf-gen.py - writes a large, realistic `perf script` file for the
collapse benchmark (bench/perf-collapse.sh).

Deterministic (fixed seed).  The shape follows `perf record -a -g` on a busy
machine, printed by `perf script --header`: a "# ====" header block, records
"COMM PID/TID [CPU] SECONDS.MICROS: PERIOD cycles:" (some comms with spaces),
then frames "\t    ADDR SYM+0xOFF (DSO)" leaf first: kernel frames on
top of user frames from several dsos, some [unknown] symbols, a JIT map,
stacks 4 to 70 deep that share their root side (walks in a call tree), a
few thousand distinct stacks whose offsets vary from sample to sample as
real return addresses do.

The second profile, "c-threads", is shaped like `perf record -g` of one
multi-threaded C program instead: 8 threads of one process, a fixed call
graph of some 400 functions over the program, libc and the kernel, stacks
3 to 28 deep, and a fixed return address per call site, as a real
recording has.  So most frame lines repeat thousands of times (a few
thousand distinct frame lines in all), where the default profile's offsets
vary from sample to sample.

usage: perf-gen.py OUTPUT [SIZE_MB [PROFILE]]   PROFILE: mixed (default)
                                                or c-threads
"""
import random
import sys

out_path = sys.argv[1]
size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 340
profile = sys.argv[3] if len(sys.argv) > 3 else "mixed"
target = size_mb * 1000 * 1000
rnd = random.Random(20261123)


def c_threads():
    """One C program's recording: see the module's comment."""
    prog = "/usr/local/bin/kvstore"
    libc = "/usr/lib/x86_64-linux-gnu/libc.so.6"
    kern = "[kernel.kallsyms]"
    verbs = ["get", "put", "hash", "lock", "parse", "send", "recv", "scan",
             "alloc", "free", "compact", "flush", "encode", "decode"]
    funcs = [("%s_%s_%d" % (rnd.choice(["kv", "net", "io", "log", "idx"]),
                             rnd.choice(verbs), i), prog) for i in range(320)]
    funcs += [(n, libc) for n in ["malloc", "free", "memcpy", "memmove",
              "__GI___libc_write", "__libc_recv", "pthread_mutex_lock",
              "pthread_cond_wait", "__lll_lock_wait", "epoll_wait"]]
    kfuncs = [(n, kern) for n in ["entry_SYSCALL_64_after_hwframe",
              "do_syscall_64", "__x64_sys_write", "ksys_write", "vfs_write",
              "tcp_sendmsg", "tcp_recvmsg", "__schedule", "schedule",
              "futex_wait", "do_futex", "copy_user_enhanced_fast_string",
              "clear_page_erms", "asm_exc_page_fault", "exc_page_fault",
              "handle_mm_fault", "ep_poll", "native_queued_spin_lock_slowpath"]]
    base = {prog: 0x55d0c8000000, libc: 0x7f3a1c000000, kern: 0xffffffff81000000}
    addr = {}
    for name, dso in funcs + kfuncs:
        addr[name] = base[dso] + rnd.randrange(1 << 20) * 16
    # A fixed call graph: each function calls a few others; each call site
    # has one return address.
    callees = {}
    for name, dso in funcs:
        pool = funcs if dso == prog else funcs[320:]
        callees[name] = [rnd.choice(pool)[0] for _ in range(rnd.randint(1, 4))]
    site = {}

    def line(caller, callee):
        key = (caller, callee)
        if key not in site:
            site[key] = rnd.randrange(0x10, 0x600)
        off = site[key]
        dso = dict(funcs + kfuncs)[callee]
        return "\t%16x %s+0x%x (%s)\n" % (addr[callee] + off, callee, off, dso)

    roots = ["main", "worker_thread", "io_thread"]
    for r in roots:
        callees[r] = [f[0] for f in rnd.sample(funcs[:320], 6)]
    stacks = []
    for _ in range(6000):
        chain = [rnd.choice(roots)]
        for _ in range(rnd.randint(2, 22)):
            nxt = rnd.choice(callees.get(chain[-1], callees["main"]))
            chain.append(nxt)
        if rnd.random() < 0.3:
            k = rnd.sample(kfuncs, rnd.randint(2, 6))
            chain += [x[0] for x in k]
        text = ["\t%16x %s+0x%x (%s)\n" % (0x55d0c8001000 + 0x100 * roots.index(chain[0]) + 0x40,
                                            chain[0], 0x40, prog)]
        for a, b in zip(chain, chain[1:]):
            text.append(line(a, b))
        text.reverse()          # leaf first
        stacks.append("".join(text))
    weights = [rnd.paretovariate(1.1) for _ in stacks]
    threads = [("kvstore", 7001, 7001)] + \
        [("kv-worker-%d" % i, 7001, 7002 + i) for i in range(7)]
    header = ("# ========\n# captured on    : Mon Nov 23 12:00:00 2026\n"
              "# hostname : bench\n# perf version : 6.1.76\n"
              "# cmdline : /usr/bin/perf record -g -p 7001\n# ========\n#\n")
    written = 0
    t = 50000.0
    with open(out_path, "w") as f:
        f.write(header)
        written += len(header)
        while written < target:
            batch = []
            for st in rnd.choices(stacks, weights, k=20000):
                comm, pid, tid = rnd.choice(threads)
                t += rnd.random() * 0.0002
                batch.append("%s %d/%d [%03d] %.6f: %10d cpu-clock:pppH: \n%s\n" % (
                    comm, pid, tid, rnd.randrange(2), t, 250000, st))
            s = "".join(batch)
            f.write(s)
            written += len(s)
    print("%s: %d bytes, %d distinct stack templates, %d call sites"
          % (out_path, written, len(stacks), len(site)))


if profile == "c-threads":
    c_threads()
    sys.exit(0)

threads = [("java", 4101, 4101 + i) for i in range(6)] + \
    [("V8 WorkerThread", 5230, 5231 + i) for i in range(3)] + \
    [("postgres", 612 + i, 612 + i) for i in range(5)] + \
    [("swapper", 0, 0), ("kworker/0:1", 33, 33), ("nginx", 880, 881)]

dsos = {
    "k": "[kernel.kallsyms]",
    "libc": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "libjvm": "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
    "pg": "/usr/lib/postgresql/15/bin/postgres",
    "v8": "/usr/bin/node",
    "jit": "/tmp/perf-4101.map",
    "ssl": "/usr/lib/x86_64-linux-gnu/libssl.so.3",
    "nginx": "/usr/sbin/nginx",
}


def syms(prefix, n):
    return ["%s_%s_%d" % (prefix, rnd.choice(["read", "write", "alloc", "scan",
            "hash", "lock", "parse", "send", "exec", "sort"]), i)
            for i in range(n)]


pools = {
    "k": syms("k", 300) + ["do_syscall_64", "entry_SYSCALL_64_after_hwframe",
                           "native_safe_halt", "__schedule", "tcp_sendmsg"],
    "libc": ["__GI___libc_write", "malloc", "free", "memcpy", "__libc_start_main",
             "pthread_mutex_lock", "[unknown]"],
    "libjvm": ["JavaMain", "JavaCalls::call_helper", "Interpreter",
               "G1ParScanThreadState::trim_queue", "[unknown]"] + syms("jvm", 60),
    "pg": syms("pg", 200) + ["ExecScan", "PostgresMain", "main"],
    "v8": ["v8::internal::Execution::Call", "Builtins_JSEntry",
           "node::Start(int, char**)", "[unknown]"] + syms("v8", 80),
    "jit": ["Lcom/example/Server;::handle", "LazyCompile:~run app.js:10",
            "Ljava/util/HashMap;::get->Ljava/util/HashMap;::hash"] + syms("jit", 60),
    "ssl": syms("ssl", 40),
    "nginx": syms("ngx", 80) + ["main"],
}
user_dsos = {"java": ["libjvm", "jit", "libc"], "V8 WorkerThread": ["v8", "libc"],
             "postgres": ["pg", "libc", "ssl"], "nginx": ["nginx", "ssl", "libc"],
             "swapper": [], "kworker/0:1": []}


trees = {}


def make_stack(comm):
    """A root-to-leaf walk in a per-command call tree that grows as it is
    walked: stacks share their root side as real ones do."""
    ud = user_dsos[comm]
    tree = trees.setdefault(comm, {})
    frames = []
    node = ()
    depth = rnd.randint(4, 50) if ud else 0
    for _ in range(depth):
        kids = tree.setdefault(node, [])
        if kids and rnd.random() < 0.9:
            f = rnd.choice(kids)
        else:
            d = rnd.choice(ud)
            f = (d, rnd.choice(pools[d]))
            kids.append(f)
        frames.append(f)
        node = node + (f,)
    if not ud or rnd.random() < 0.4:
        for _ in range(rnd.randint(3, 20)):
            kids = tree.setdefault(node, [])
            if kids and rnd.random() < 0.8:
                f = rnd.choice(kids)
            else:
                f = ("k", rnd.choice(pools["k"]))
                kids.append(f)
            frames.append(f)
            node = node + (f,)
    frames.reverse()            # leaf first
    return frames


addr_of = {}


def addr(d, s):
    key = (d, s)
    if key not in addr_of:
        base = 0xffffffff81000000 if d == "k" else 0x7f0000000000 if d != "pg" else 0x550000000000
        addr_of[key] = base + rnd.randrange(0, 1 << 24) * 16
    return addr_of[key]


def frame_text(frames):
    lines = []
    for d, s in frames:
        off = rnd.randrange(4, 0x400)
        a = addr(d, s) + off
        sym = s if s == "[unknown]" else "%s+0x%x" % (s, off)
        lines.append("\t%16x %s (%s)\n" % (a, sym, dsos[d]))
    return "".join(lines)


# Distinct stacks per thread, each with a few offset variants.
stacks = []
for t in threads:
    n = 1200 if t[0] != "swapper" else 40
    for _ in range(n):
        fr = make_stack(t[0])
        stacks.append((t, [frame_text(fr) for _ in range(4)]))
weights = [rnd.paretovariate(1.2) for _ in stacks]

header = ("# ========\n# captured on    : Mon Nov 23 12:00:00 2026\n"
          "# hostname : bench\n# os release : 6.1.0\n# perf version : 6.1.76\n"
          "# arch : x86_64\n# nrcpus online : 2\n"
          "# cmdline : /usr/bin/perf record -a -g -e cycles\n# ========\n#\n")
written = 0
t = 12345.0
with open(out_path, "w") as f:
    f.write(header)
    written += len(header)
    while written < target:
        batch = []
        for (th, variants) in rnd.choices(stacks, weights, k=20000):
            comm, pid, tid = th
            t += rnd.random() * 0.0005
            rec = "%s %d/%d [%03d] %.6f: %10d cycles: \n%s\n" % (
                comm, pid, tid, rnd.randrange(2), t,
                rnd.randrange(100000, 3000000), rnd.choice(variants))
            batch.append(rec)
        s = "".join(batch)
        f.write(s)
        written += len(s)
print("%s: %d bytes, %d distinct stack templates" % (out_path, written, len(stacks)))
