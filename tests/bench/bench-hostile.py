#!/usr/bin/env python3
"""Peak memory of sketchbloom-cli against hostile answers, from the kernel's
own account of the child (wait4's ru_maxrss), median of 3 runs each:
  - a result that is a decompression bomb (a ~900 KB PNG of 30000×30000
    pixels, 3.6 GB decoded), from the simulator's bomb-results fault;
  - a poll answer that never ends (64 KB chunks as fast as they are read).
Prints "BENCH name value" lines; asserts nothing about them.
Usage: bench-hostile.py SKETCHBLOOM_CLI SKETCHBLOOM_SIM"""

import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import urllib.request
import zlib

CLI, SIM = sys.argv[1], sys.argv[2]
KEY = "sk-bench"


def png(side):
    rows = b"".join(b"\x00" + bytes(255 if abs(x - y) > 3 else 0 for x in range(side)) for y in range(side))
    chunk = lambda k, d: struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def peak_rss_mb(args, base_url):
    home = tempfile.mkdtemp(prefix="sketchbloom-bench-")
    env = dict(os.environ, DASHSCOPE_API_KEY=KEY, DASHSCOPE_HTTP_BASE_URL=base_url, HOME=home,
               XDG_CONFIG_HOME=home, GSETTINGS_BACKEND="memory")
    proc = subprocess.Popen([CLI, *args, "-o", os.path.join(home, "out")] if args[0] != "status" else [CLI, *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    return usage.ru_maxrss / 1024, proc.returncode, err


def endless_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    def answer(connection):
        try:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
            chunk = b"[" * 65536
            while True:
                connection.sendall(chunk)
        except OSError:
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/api/v1"


def main():
    sim = subprocess.Popen([SIM, "--api-key", KEY, "--service-time", "0.3", "--fault", "bomb-results=-1"],
                           stdout=subprocess.PIPE, text=True)
    base = sim.stdout.readline().strip()
    files = sim.stdout.readline().split(" ", 1)[1].strip()
    urllib.request.urlopen(urllib.request.Request(files + "sketch.png", data=png(512), method="PUT")).close()

    runs = [peak_rss_mb(["generate", "--sketch-url", files + "sketch.png", "--prompt", "bomb", "-n", "1"], base)
            for _ in range(3)]
    assert all(status == 1 and "30000×30000" in err for _, status, err in runs), runs
    print(f"BENCH cli_peak_rss_bomb_result_mb {statistics.median(r[0] for r in runs):.1f}")
    sim.terminate()
    sim.wait()

    endless = endless_server()
    runs = [peak_rss_mb(["status", "some-task"], endless) for _ in range(3)]
    assert all(status == 1 and "larger than" in err for _, status, err in runs), runs
    print(f"BENCH cli_peak_rss_endless_answer_mb {statistics.median(r[0] for r in runs):.1f}")


if __name__ == "__main__":
    main()
