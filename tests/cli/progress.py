#!/usr/bin/env python3
"""progress.py STACKCONV MODE MIB [ARGS...] - runs stackconv on folded text
fed through a pipe at a slow pace (MIB mebibytes, in pieces 0.15 s apart),
its stderr a pseudo-terminal (MODE tty) or a file (MODE file), and prints
what stderr received with carriage returns as \\r, for tests/cli/progress.sh."""
import os
import pty
import subprocess
import sys
import time

stackconv, mode, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = sys.argv[4:]
line = b"main;work;leaf 1\n"
piece = line * ((4 << 20) // len(line))
if mode == "tty":
    master, slave = pty.openpty()
    err = slave
else:
    err = open(os.environ.get("TMPDIR", "/tmp") + "/progress.err.%d" % os.getpid(), "w+b")
proc = subprocess.Popen([stackconv, "-f", "collapsed"] + args + ["-"],
                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                        stderr=err)
sent = 0
while sent < (mib << 20):
    proc.stdin.write(piece)
    proc.stdin.flush()
    sent += len(piece)
    time.sleep(0.15)
proc.stdin.close()
proc.wait()
if mode == "tty":
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
else:
    err.seek(0)
    out = err.read()
    err.close()
    os.unlink(err.name)
sys.stdout.write(out.decode().replace("\r", "\\r") + "\n")
sys.exit(proc.returncode)
