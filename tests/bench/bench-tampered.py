#!/usr/bin/env python3
"""Peak memory of sketchbloom-cli and of the app on a tampered disk, from
the kernel's own account of the child (wait4's ru_maxrss). Every file they
read back is made hostile, once as special files and once as huge ones:
  - history/*/entry.json: a FIFO, a symlink to /dev/zero, a 1 GB sparse file;
  - usage.json (the ledger): /dev/zero, or 1 GB;
  - sketch.json (the autosave): a FIFO, or 1 GB;
  - a finished entry whose picture is /dev/zero (or 1 GB) and whose kept
    thumbnail is a FIFO (or 1 GB): the gallery decodes both.
The CLI runs `resume` (ended with SIGTERM if still running after 60 s); the
app runs 8 s in this (headless) display, then is ended with SIGTERM; a
clean home gives the app's baseline. Prints "BENCH name value" lines, and whether each
stayed alive and ended on its own terms; asserts nothing about the numbers.
Usage (under tests/gui/run-headless.sh):
  bench-tampered.py SKETCHBLOOM_CLI SKETCHBLOOM"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

CLI, APP = sys.argv[1], sys.argv[2]
TASK = "7b07124f-ec36-499a-a8bb-f5236b0ee227"


def special(path, kind):
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        os.symlink("/dev/zero", path)
    else:
        with open(path, "wb") as f:
            f.truncate(1 << 30)   # sparse: 1 GB that takes no disk


def tampered_home(kinds):
    home = tempfile.mkdtemp(prefix="sketchbloom-tampered-")
    data = os.path.join(home, ".local", "share", "sketchbloom")
    history = os.path.join(data, "history")
    for i, kind in enumerate(kinds):
        folder = os.path.join(history, "20250101T00000%d-%s" % (i, kind))
        os.makedirs(folder)
        special(os.path.join(folder, "entry.json"), kind)
    done = os.path.join(history, "20250102T000000-done")
    os.makedirs(done)
    entry = {"version": 1, "created_at": int(time.time() * 1e6),
             "params": {"prompt": "x", "style": "auto", "count": 1, "sketch_weight": 10,
                        "sketch_extraction": False, "sketch_color": []},
             "sketch_url": "http://127.0.0.2:1/files/sketch.png", "upload_method": "url", "state": "done",
             "task_id": TASK, "request_id": "r-1", "task_created_at": int(time.time() * 1e6),
             "images": [TASK + "-1.png"], "failures": []}
    with open(os.path.join(done, "entry.json"), "w") as f:
        json.dump(entry, f)
    special(os.path.join(done, TASK + "-1.png"), kinds[1])
    special(os.path.join(done, "." + TASK + "-1.png.thumb"), kinds[0])
    special(os.path.join(data, "usage.json"), kinds[1])
    special(os.path.join(data, "sketch.json"), kinds[0])
    return home


def run(args, home, seconds):
    # GL off, as in every headless run: Mesa's software GL would add 60 MB
    # of its own (libLLVM) to the app's pages, the same with or without the
    # tampering measured here.
    env = dict(os.environ, GDK_DEBUG="gl-disable", HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=os.path.join(home, ".local", "share"),
               GSETTINGS_BACKEND="memory", DASHSCOPE_API_KEY="sk-bench",
               DASHSCOPE_HTTP_BASE_URL="http://127.0.0.1:9/api/v1")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + seconds
    alive = True
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid != 0:
            alive = False
            break
        time.sleep(0.1)
    if alive:
        proc.send_signal(signal.SIGTERM)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)   # reaped here, not by Popen
    return usage.ru_maxrss / 1024, proc.returncode, alive


def main():
    clean = tempfile.mkdtemp(prefix="sketchbloom-clean-")
    rss, status, alive = run([APP], clean, seconds=8)
    print(f"BENCH app_peak_rss_clean_mb {rss:.1f}")
    for name, kinds in (("special", ("fifo", "zero", "huge")), ("huge", ("huge", "huge", "huge"))):
        rss, status, hung = run([CLI, "resume"], tampered_home(kinds), seconds=60)
        print(f"BENCH cli_resume_peak_rss_tampered_{name}_mb {rss:.1f}")
        print(f"# cli resume on the {name} disk: {'still running after 60 s' if hung else 'ended'}, exit status {status}")
        rss, status, alive = run([APP], tampered_home(kinds), seconds=8)
        print(f"BENCH app_peak_rss_tampered_{name}_mb {rss:.1f}")
        print(f"# app on the {name} disk: {'running after 8 s' if alive else 'ended by itself'}, exit status {status}")


if __name__ == "__main__":
    main()
