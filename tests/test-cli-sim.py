#!/usr/bin/env python3
"""sketchbloom-cli against sketchbloom-sim: every command, exit status and
output format, and each fault the simulator can inject. The simulator's
request log shows that no create was sent twice and that the API key reached
the API host only.

Usage: test-cli-sim.py SKETCHBLOOM_CLI SKETCHBLOOM_SIM [K/N]
(K/N: every Nth check from the Kth, for running in N processes.)
Prints TAP."""

import base64
import json
import os
import struct
import signal
import subprocess
import time
import sys
import tempfile
import urllib.error
import urllib.request
import zlib

CLI, SIM = sys.argv[1], sys.argv[2]
# "K/N": only every Nth check from the Kth, so the suite can run in N
# processes side by side (each starts its own simulators). The two slowest
# checks (an outage, the echoed key) stand so that they fall in different halves.
PART, PARTS = map(int, sys.argv[3].split("/")) if len(sys.argv) > 3 else (1, 1)
KEY = "sk-cli-test"
CREATE = "/api/v1/services/aigc/image2image/image-synthesis"
results = []
running = []


def png(width, height):
    """A white greyscale PNG with a black diagonal line."""
    rows = []
    for y in range(height):
        row = bytearray(b"\xff" * width)
        for dx in range(-3, 4):
            x = y + dx
            if 0 <= x < width:
                row[x] = 0
        rows.append(b"\x00" + bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


class Sim:
    def __init__(self, *faults, service_time=0.5):
        self.dir = tempfile.mkdtemp(prefix="sketchbloom-cli-")
        self.log = os.path.join(self.dir, "sim.log")
        # The CLI's history (HOME is self.dir): each create's log line says
        # whether its entry was on disk when it arrived.
        self.history = os.path.join(self.dir, ".local", "share", "sketchbloom", "history")
        args = [SIM, "--api-key", KEY, "--service-time", str(service_time), "--log", self.log,
                "--history", self.history]
        for fault in faults:
            args += ["--fault", fault]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        running.append(self.proc)
        self.base = self.proc.stdout.readline().strip()
        self.files = self.proc.stdout.readline().split(" ", 1)[1].strip()
        self.sketch = self.files + "sketch.png"
        request = urllib.request.Request(self.sketch, data=png(512, 512), method="PUT")
        urllib.request.urlopen(request).close()

    def run(self, *args, key=KEY, env=None):
        environment = dict(os.environ, DASHSCOPE_API_KEY=key, DASHSCOPE_HTTP_BASE_URL=self.base,
                           HOME=self.dir, XDG_CONFIG_HOME=self.dir, GSETTINGS_BACKEND="memory")
        environment.pop("DASHSCOPE_WORKSPACE", None)
        environment.update(env or {})
        done = subprocess.run([CLI, *args], capture_output=True, text=True, env=environment, timeout=120)
        return done.returncode, done.stdout, done.stderr

    def generate(self, *extra, **kwargs):
        out = os.path.join(self.dir, "out")
        return self.run("generate", "--sketch-url", self.sketch, "--prompt", "a tall tree",
                        "-o", out, *extra, **kwargs)

    def entries(self):
        with open(self.log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def count(self, method, path):
        return sum(1 for e in self.entries() if e["method"] == method and e["path"] == path)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        # Whatever happened, the key went to the API host alone.
        for entry in self.entries():
            if entry["listener"] != "api":
                assert entry["authorization"] == "absent", entry
            else:
                assert entry["host"] == "127.0.0.1", entry


def check(name):
    def wrap(function):
        def run():
            try:
                function()
                results.append((True, name, ""))
            except AssertionError as error:
                results.append((False, name, repr(error)))
            finally:
                # A failed check must not leave a simulator holding our output open.
                while running:
                    proc = running.pop()
                    if proc.poll() is None:
                        proc.kill()
                    proc.wait()
        run.__name__ = function.__name__
        tests.append(run)
        return run
    return wrap


tests = []


def is_png(path):
    with open(path, "rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


@check("generate saves every image and prints one path per line")
def _():
    sim = Sim()
    status, out, err = sim.generate("--style", "chinese-painting", "-n", "3", "--weight", "4",
                                    "--color", "0,0,0")
    paths = out.splitlines()
    assert status == 0, (status, err)
    assert len(paths) == 3 and all(is_png(p) for p in paths), out
    assert err == "", err   # no progress chatter when stderr is not a terminal
    assert sim.count("POST", CREATE) == 1
    sim.close()


@check("submit prints the task id alone; wait saves; status --json reports")
def _():
    sim = Sim()
    status, out, err = sim.run("submit", "--sketch-url", sim.sketch, "--prompt", "一棵参天大树", "-n", "1")
    assert status == 0, err
    task_id = out.strip()
    assert task_id and "\n" not in task_id and " " not in task_id, out
    status, out, err = sim.run("wait", task_id, "-o", os.path.join(sim.dir, "w"))
    assert status == 0, err
    assert len(out.splitlines()) == 1 and is_png(out.strip()), out
    status, out, err = sim.run("status", task_id, "--json")
    answer = json.loads(out)
    assert status == 0 and answer["task_status"] == "SUCCEEDED", out
    assert answer["task_id"] == task_id and len(answer["results"]) == 1, out
    status, out, err = sim.run("status", task_id)
    assert out.startswith(task_id + " SUCCEEDED"), out
    sim.close()


@check("each create leaves only after its history entry is on disk (generate, submit, upload)")
def _():
    sim = Sim()
    status, out, err = sim.generate("-n", "1")
    assert status == 0, err
    status, out, err = sim.run("submit", "--sketch-url", sim.sketch, "--prompt", "second", "-n", "1")
    assert status == 0, err
    sketch = os.path.join(sim.dir, "sketch.png")
    with open(sketch, "wb") as f:
        f.write(png(512, 512))
    status, out, err = sim.run("generate", "--sketch", sketch, "--prompt", "uploaded", "-n", "1",
                               "--upload", "put", "--upload-url", sim.files + "up/", "-o", os.path.join(sim.dir, "o"))
    assert status == 0, err
    creates = [e for e in sim.entries() if e["path"] == CREATE]   # with throttled retries
    assert len([e for e in creates if e["status"] == 200]) == 3, creates
    assert all(e["entry_on_disk"] is True for e in creates), creates
    sim.close()


@check("partial failure: the good images are saved, each failed one is named")
def _():
    sim = Sim("partial=1")
    status, out, err = sim.generate("-n", "2")
    assert status == 0, err
    assert len(out.splitlines()) == 1, out
    assert "image 1 failed: InternalError.Timeout: " in err, err
    sim.close()


@check("a FAILED task exits 1 with its code, message and request_id")
def _():
    sim = Sim("fail-task")
    status, out, err = sim.generate("-n", "1")
    assert status == 1 and out == "", (status, out)
    assert err.startswith("sketchbloom-cli: error: InternalError.Algo: Algorithm process error. (request_id: "), err
    sim.close()


@check("a wrong key exits 1 with InvalidApiKey and the request_id")
def _():
    sim = Sim()
    status, out, err = sim.generate(key="sk-wrong")
    assert status == 1, status
    assert err.startswith("sketchbloom-cli: error: InvalidApiKey: Invalid API-key provided: [API key] (request_id: "), err
    sim.close()


@check("bad input exits 2 before any request is sent")
def _():
    sim = Sim()
    cases = [("-n", "7"), ("--weight", "11"), ("--style", "pastel"), ("--color", "1,2"),
             ("--color", "0,0,300")]
    for extra in cases:
        status, out, err = sim.generate(*extra)
        assert status == 2, (extra, status, err)
        assert err.startswith("sketchbloom-cli: "), err
    for args in (["generate", "--sketch-url", sim.sketch],
                 ["generate", "--prompt", "x"],
                 ["generate", "--sketch-url", "http://example.com/a.png", "--prompt", "x"],
                 ["generate", "--sketch", "/tmp/a.png", "--prompt", "x"],
                 ["generate", "--sketch-url", sim.sketch, "--prompt", "树" * 76],
                 ["wait"], ["status"], ["frobnicate"]):
        status, out, err = sim.run(*args)
        assert status == 2, (args, status, err)
    status, out, err = sim.generate(env={"DASHSCOPE_HTTP_BASE_URL": "http://example.com/api/v1"})
    assert status == 2 and "https://" in err, err
    assert sim.count("POST", CREATE) == 0
    assert all(e["listener"] == "files" for e in sim.entries())
    sim.close()


@check("throttled create: retried, and only one task is made")
def _():
    sim = Sim("throttle-create=2")
    status, out, err = sim.generate("-n", "1")
    assert status == 0, err
    creates = [e for e in sim.entries() if e["path"] == CREATE]
    assert [e["status"] for e in creates] == [429, 429, 200], creates
    sim.close()


@check("a create whose answer is lost is never sent twice")
def _():
    for fault, words in (("drop-create", "not known whether a task was created"),
                         ("server-error-create", "InternalError")):
        sim = Sim(fault)
        status, out, err = sim.generate("-n", "1")
        assert status == 1, (fault, status)
        assert words in err, err
        assert sim.count("POST", CREATE) == 1, fault
        sim.close()


@check("5xx, 429, malformed and dropped polls are survived")
def _():
    sim = Sim("server-error-poll=2", "throttle-poll=1", "malformed-poll=1", "drop-poll=1")
    status, out, err = sim.generate("-n", "1")
    assert status == 0, err
    assert sim.count("POST", CREATE) == 1
    sim.close()


@check("an outage longer than a poll's retries: the task is waited for, never dropped or made twice")
def _():
    # 18 s of 503s and dropped connections: more than one poll's six attempts.
    sim = Sim("outage=18000", service_time=1)
    status, out, err = sim.generate("-n", "2")
    assert status == 0, (status, err)
    assert len(out.splitlines()) == 2 and all(is_png(p) for p in out.splitlines()), out
    assert "Waiting for the service" in err, err
    assert sim.count("POST", CREATE) == 1
    polls = [e for e in sim.entries() if e["path"].startswith("/api/v1/tasks/")]
    assert len([e for e in polls if e["status"] != 200]) > 6, polls
    sim.close()


@check("every download failing for a while: the entry stays incomplete, resume fetches the pictures")
def _():
    sim = Sim("server-error-results=6")   # three attempts for each of two pictures
    status, out, err = sim.generate("-n", "2")
    assert status == 1 and out == "", (status, out, err)
    assert "sketchbloom-cli resume" in err, err
    [entry] = history_entries(sim)
    assert entry["state"] == "incomplete", entry
    status, out, err = sim.run("resume", "-o", os.path.join(sim.dir, "resumed"))
    assert status == 0 and len(out.splitlines()) == 2, (status, out, err)
    assert sim.count("POST", CREATE) == 1
    sim.close()


def assert_no_echo(sim, *texts):
    """The key and the escapes the service echoed: in no output, no file."""
    for text in texts:
        assert KEY not in text and "\x1b" not in text and "\x07" not in text and "\r" not in text, repr(text)
    for root, dirs, files in os.walk(os.path.join(sim.dir, ".local")):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            assert KEY.encode() not in data, (name, data[:300])
            if not name.endswith((".png", ".thumb")):   # compressed pixels may hold any byte
                assert b"\x1b" not in data, (name, data[:300])
                assert b"\\u001b" not in data and b"\\u0007" not in data, (name, data[:300])


@check("two generations at once: the usage ledger counts both")
def _():
    sim = Sim(service_time=1)
    env = dict(os.environ, DASHSCOPE_API_KEY=KEY, DASHSCOPE_HTTP_BASE_URL=sim.base,
               HOME=sim.dir, XDG_CONFIG_HOME=sim.dir, GSETTINGS_BACKEND="memory")
    procs = [subprocess.Popen([CLI, "generate", "--sketch-url", sim.sketch, "--prompt", "at once %d" % i,
                               "-n", str(i + 1), "-o", os.path.join(sim.dir, "o%d" % i)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, (proc.returncode, err)
    with open(os.path.join(sim.dir, ".local", "share", "sketchbloom", "usage.json")) as f:
        records = json.load(f)["records"]
    assert sorted(r["images"] for r in records) == [1, 2], records
    sim.close()


def tamper(data):
    """A data folder as a hostile disk leaves it: every file the CLI reads
    back is a FIFO, /dev/zero or 1 GB (sparse)."""
    history = os.path.join(data, "history")
    for name, kind in (("20250101T000001-fifo", "fifo"), ("20250101T000002-zero", "zero"),
                       ("20250101T000003-huge", "huge")):
        os.makedirs(os.path.join(history, name))
        make_special(os.path.join(history, name, "entry.json"), kind)
    make_special(os.path.join(data, "usage.json"), "zero")


def make_special(path, kind):
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        os.symlink("/dev/zero", path)
    else:
        with open(path, "wb") as f:
            f.truncate(1 << 30)


@check("the key the service echoes (code, message, request_id, FAILED task, failed image) goes nowhere")
def _():
    for fault, n in (("fail-task", "1"), ("partial=1", "2")):
        sim = Sim("echo-key", fault)
        status, out, err = sim.generate("-n", n)
        assert_no_echo(sim, out, err)
        assert "[API key]" in err, err
        assert (status, len(out.splitlines())) == ((1, 0) if fault == "fail-task" else (0, 1)), (status, out, err)
        for args in (["status", "--json"], ["status"]):
            [entry] = history_entries(sim)
            status, out, err = sim.run(*args[:1], entry["task_id"], *args[1:])
            assert_no_echo(sim, out, err)
            assert status == 0, (status, err)
        sim.close()
    sim = Sim("echo-key")
    sketch = os.path.join(sim.dir, "sketch.png")
    with open(sketch, "wb") as f:
        f.write(png(512, 512))
    # An upload policy whose folder holds the key: nothing goes to storage.
    status, out, err = sim.run("generate", "--sketch", sketch, "--prompt", "x", "-n", "1", "--upload", "dashscope")
    assert status == 1 and "repeats the API key" in err, (status, err)
    assert not [e for e in sim.entries() if e["listener"] == "files" and e["method"] == "POST"], sim.entries()
    assert_no_echo(sim, out, err)
    status, out, err = sim.generate("-n", "1", key="sk-wrong-" + KEY)   # an error answer
    assert status == 1 and "InvalidApiKey" in err, (status, err)
    assert "sk-wrong-" not in err and "\x1b" not in err, repr(err)
    sim.close()


@check("a tampered history (FIFOs, /dev/zero, 1 GB files): resume ends at once, the ledger set aside")
def _():
    sim = Sim()
    data = os.path.join(sim.dir, ".local", "share", "sketchbloom")
    tamper(data)
    try:
        status, out, err = sim.run("resume")
    except subprocess.TimeoutExpired:
        raise AssertionError("resume hung on the tampered history")
    assert status == 0 and "nothing to resume" in err, (status, err)
    assert any(n.startswith("usage.json.damaged-") for n in os.listdir(data)), os.listdir(data)
    sim.close()


@check("expired and non-image results: nothing saved, exit 1")
def _():
    for fault in ("expired-results=-1", "non-image-results=-1"):
        sim = Sim(fault)
        status, out, err = sim.generate("-n", "2")
        assert status == 1 and out == "", (fault, status, out)
        assert "no image could be saved" in err and "127.0.0.2" in err, err
        assert not os.listdir(os.path.join(sim.dir, "out")) if os.path.isdir(os.path.join(sim.dir, "out")) else True
        sim.close()


@check("an UNKNOWN task exits 1 and says so")
def _():
    sim = Sim("unknown=-1")
    status, out, err = sim.generate("-n", "1")
    assert status == 1 and "24 hours" in err, err
    sim.close()


@check("cancel: a PENDING task is cancelled; a second cancel is refused")
def _():
    sim = Sim(service_time=20)
    status, out, err = sim.run("submit", "--sketch-url", sim.sketch, "--prompt", "x", "-n", "1")
    task_id = out.strip()
    status, out, err = sim.run("cancel", task_id)
    assert status == 0 and out.strip() == task_id + " cancelled", (status, out, err)
    status, out, err = sim.run("cancel", task_id)
    assert status == 1 and "UnsupportedOperation" in err and "PENDING" in err, (status, err)
    status, out, err = sim.run("status", task_id)
    assert out.startswith(task_id + " CANCELED"), out
    sim.close()


@check("DASHSCOPE_WORKSPACE adds X-DashScope-WorkSpace to API requests only")
def _():
    sim = Sim()
    status, out, err = sim.generate("-n", "1", env={"DASHSCOPE_WORKSPACE": "llm-abc"})
    assert status == 0, err
    for entry in sim.entries():
        expected = "llm-abc" if entry["listener"] == "api" else None
        assert entry["workspace"] == expected, entry
    sim.close()


@check("killed with SIGKILL while the task runs: resume finishes it, once")
def _():
    import signal
    sim = Sim(service_time=3)
    env = dict(os.environ, DASHSCOPE_API_KEY=KEY, DASHSCOPE_HTTP_BASE_URL=sim.base,
               HOME=sim.dir, XDG_CONFIG_HOME=sim.dir, GSETTINGS_BACKEND="memory")
    env.pop("XDG_DATA_HOME", None)
    proc = subprocess.Popen([CLI, "generate", "--sketch-url", sim.sketch, "--prompt", "x", "-n", "2",
                             "-o", os.path.join(sim.dir, "first")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(100):
        if sim.count("POST", CREATE) == 1:
            break
        time.sleep(0.05)
    time.sleep(0.5)   # the answer reaches the CLI and its history
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    status, out, err = sim.run("resume", "-o", os.path.join(sim.dir, "resumed"))
    paths = out.splitlines()
    assert status == 0 and len(paths) == 2 and all(is_png(p) for p in paths), (status, out, err)
    assert sim.count("POST", CREATE) == 1
    history = os.path.join(sim.dir, ".local", "share", "sketchbloom", "history")
    images = [f for d in os.listdir(history) for f in os.listdir(os.path.join(history, d))
              if f.endswith(".png") and f != "sketch.png"]
    assert len(images) == 2, images
    status, out, err = sim.run("resume")
    assert status == 0 and out == "" and "nothing to resume" in err, (status, out, err)
    sim.close()


def form_post(url, fields):
    """POSTs multipart/form-data with the fields in the given order."""
    boundary = "sketchbloomtestboundary"
    body = b""
    for name, value in fields:
        disposition = f'form-data; name="{name}"'
        if name == "file":
            disposition += '; filename="sketch.png"'
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").encode() + value + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@check("temporary storage: policy, OSS form in order, and generate from oss://")
def _():
    sim = Sim()
    request = urllib.request.Request(sim.base + "/uploads?action=getPolicy&model=wanx-sketch-to-image-lite",
                                     headers={"Authorization": "Bearer " + KEY})
    policy = json.load(urllib.request.urlopen(request))["data"]
    key = policy["upload_dir"] + "/sketch-1.png"
    fields = [("OSSAccessKeyId", policy["oss_access_key_id"]), ("Signature", policy["signature"]),
              ("policy", policy["policy"]), ("key", key), ("x-oss-object-acl", policy["x_oss_object_acl"]),
              ("x-oss-forbid-overwrite", policy["x_oss_forbid_overwrite"]), ("success_action_status", "200"),
              ("x-oss-content-type", "image/png")]
    fields = [(name, value.encode()) for name, value in fields] + [("file", png(512, 512))]
    status, answer = form_post(policy["upload_host"], [fields[1], fields[0]] + fields[2:])
    assert status == 400 and b"InvalidArgument" in answer, (status, answer)
    status, answer = form_post(policy["upload_host"], fields[:3] + fields[4:])
    assert status == 400 and b"InvalidArgument" in answer, (status, answer)
    status, answer = form_post(policy["upload_host"], fields)
    assert status == 200, (status, answer)
    status, answer = form_post(policy["upload_host"], fields)
    assert status == 409 and b"FileAlreadyExists" in answer, (status, answer)
    status, out, err = sim.generate("-n", "1")   # an https-style URL: no resolve header
    status, out, err = sim.run("generate", "--sketch-url", "oss://" + key, "--prompt", "x", "-n", "1",
                               "-o", os.path.join(sim.dir, "oss"))
    assert status == 0 and len(out.splitlines()) == 1, (status, err)
    creates = [e for e in sim.entries() if e["path"] == CREATE]
    assert creates[-1]["oss_resolve"] is True and creates[0]["oss_resolve"] is False, creates
    sim.close()


def history_entries(sim):
    history = os.path.join(sim.dir, ".local", "share", "sketchbloom", "history")
    entries = []
    for name in sorted(os.listdir(history)):
        with open(os.path.join(history, name, "entry.json")) as f:
            entries.append(json.load(f))
    return entries


@check("images made but not downloaded: reported, exit 1, kept for resume, which fetches them")
def _():
    sim = Sim("expired-results=2")
    status, out, err = sim.generate("-n", "4")
    assert status == 1, (status, err)
    assert len(out.split()) == 2, out
    assert err.count("was made but not saved") == 2 and "resume" in err, err
    [entry] = history_entries(sim)
    assert entry["state"] == "incomplete", entry
    failed = [f for f in entry["failures"] if f["code"] == "DownloadFailed"]
    assert len(failed) == 2 and all(f["url"].startswith("http://127.0.0.2") for f in failed), entry
    status, out, err = sim.run("resume", "-o", os.path.join(sim.dir, "out"))
    assert status == 0, (status, err)
    [entry] = history_entries(sim)
    assert entry["state"] == "done" and len(entry["images"]) == 4, entry
    assert not [f for f in entry.get("failures", []) if f["code"] == "DownloadFailed"], entry
    sim.close()


def start(sim, *args):
    environment = dict(os.environ, DASHSCOPE_API_KEY=KEY, DASHSCOPE_HTTP_BASE_URL=sim.base,
                       HOME=sim.dir, XDG_CONFIG_HOME=sim.dir, GSETTINGS_BACKEND="memory")
    return subprocess.Popen([CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment)


@check("SIGINT ends generate, SIGTERM ends resume, promptly (130, 143); resume finishes the task")
def _():
    sim = Sim(service_time=6)
    runs = (("generate", "--sketch-url", sim.sketch, "--prompt", "x", "-n", "1"), ("resume",))
    for args, signal_number, want in zip(runs, (signal.SIGINT, signal.SIGTERM), (130, 143)):
        proc = start(sim, *args, "-o", os.path.join(sim.dir, "out"))
        deadline = time.monotonic() + 20
        while sim.count("POST", CREATE) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)   # the answer reaches the history; resume polls
        sent = time.monotonic()
        proc.send_signal(signal_number)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == want, (signal_number, proc.returncode, err)
        assert time.monotonic() - sent < 3, "not prompt"
        assert "resume" in err, err
        # The task waits in the history, not cancelled at DashScope.
        [entry] = history_entries(sim)
        assert entry["state"] in ("pending", "running") and entry["task_id"], entry
    status, out, err = sim.run("resume", "-o", os.path.join(sim.dir, "out"))
    assert status == 0, err
    [entry] = history_entries(sim)
    assert entry["state"] == "done" and len(entry["images"]) == 1, entry
    assert sim.count("POST", CREATE) == 1
    sim.close()


@check("a full disk: exit 1 naming the file, entry.json whole, no half image; resume finishes")
def _():
    if os.getuid() != 0:
        print("# skipped: mounting a small tmpfs needs root")
        return
    sim = Sim()
    data = os.path.join(sim.dir, ".local", "share")
    os.makedirs(data)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "sketchbloom-full", data], check=True)
    try:
        status, out, err = sim.generate("-n", "4")
        assert status == 1, (status, err)
        assert "No space left on device" in err and data in err, err
        [entry] = history_entries(sim)   # parses: whole, the old or the new one
        assert entry.get("task_id"), entry
        folder = os.path.join(data, "sketchbloom", "history", os.listdir(os.path.join(data, "sketchbloom", "history"))[0])
        for name in os.listdir(folder):
            if name.endswith(".png"):
                with open(os.path.join(folder, name), "rb") as f:
                    assert f.read().endswith(b"IEND\xaeB`\x82"), name + " is cut short"
        assert entry["state"] != "done" or len(entry["images"]) == 4, entry
        subprocess.run(["mount", "-o", "remount,size=4m", data], check=True)
        status, out, err = sim.run("resume", "-o", os.path.join(sim.dir, "out"))
        assert status == 0, err
        [entry] = history_entries(sim)
        assert entry["state"] == "done" and len(entry["images"]) == 4, entry
    finally:
        subprocess.run(["umount", "-l", data])
    sim.close()


@check("refused before any request: -o a file, /dev/zero, a FIFO, a sketch cut short, CR/LF in a header")
def _():
    sim = Sim()
    a_file = os.path.join(sim.dir, "a-file")
    open(a_file, "w").close()
    fifo = os.path.join(sim.dir, "fifo")
    os.mkfifo(fifo)
    whole = os.path.join(sim.dir, "whole.png")
    cut = os.path.join(sim.dir, "cut.png")
    with open(whole, "wb") as f:
        f.write(png(512, 512))
    with open(cut, "wb") as f:
        f.write(png(512, 512)[:-40])
    cases = [
        (("generate", "--sketch-url", sim.sketch, "--prompt", "x", "-o", a_file), "not a folder"),
        (("generate", "--sketch", "/dev/zero", "--prompt", "x"), "not a regular file"),
        (("generate", "--sketch", fifo, "--prompt", "x"), "not a regular file"),
        (("generate", "--sketch", cut, "--prompt", "x", "-o", os.path.join(sim.dir, "out")), "cut short"),
        (("generate", "--sketch", whole, "--prompt", "x", "--upload", "put", "--upload-url",
          sim.files + "up/", "--upload-header", "X-Token: a\r\nX-Evil: 1"), "line break"),
    ]
    for args, words in cases:
        status, out, err = sim.run(*args)
        assert status == 2 and words in err, (args, status, err)
    assert sim.count("POST", CREATE) == 0
    # (The one PUT is the test's own sketch, stored when the simulator started.)
    assert len([e for e in sim.entries() if e["method"] == "PUT"]) == 1, "something was uploaded"
    sim.close()


@check("resume carries on past a failed task, finishes the rest, reports the failure, exits 1")
def _():
    sim = Sim("fail-task=1", service_time=2)
    ids = []
    for prompt in ("first", "second"):
        status, out, err = sim.run("submit", "--sketch-url", sim.sketch, "--prompt", prompt, "-n", "1")
        assert status == 0, err
        ids.append(out.strip())
    status, out, err = sim.run("resume", "-o", os.path.join(sim.dir, "out"))
    assert status == 1, (status, err)
    assert len(out.split()) == 1, out   # the second one's picture
    states = sorted(e["state"] for e in history_entries(sim))
    assert states == ["done", "failed"], states
    assert "InternalError" in err or "failed" in err, err
    sim.close()


@check("an answer with more results than asked for: only as many as asked are saved")
def _():
    sim = Sim("extra-results")
    status, out, err = sim.generate("-n", "1")
    assert status == 0, err
    assert len(out.split()) == 1, out
    [entry] = history_entries(sim)
    assert len(entry["images"]) == 1, entry
    results = [e for e in sim.entries() if e["path"].startswith("/results/")]
    assert len(results) == 1, results
    sim.close()


@check("status of a task DashScope does not know: explained, exit 1")
def _():
    sim = Sim("unknown=-1")
    status, out, err = sim.run("status", "no-such-task")
    assert status == 1 and "24 hours" in err, (status, out, err)
    sim.close()


@check("the API key appears in no output")
def _():
    sim = Sim("fail-task")
    for args in (("-n", "1"),):
        status, out, err = sim.generate(*args)
        assert KEY not in out and KEY not in err
    with open(sim.log) as f:
        assert KEY not in f.read()
    status, out, err = sim.generate(key="sk-secret-wrong-key")
    assert "sk-secret-wrong-key" not in out + err, err
    sim.close()


def create_bodies(sim):
    return [e["body"] for e in sim.entries() if e["path"] == CREATE and e["status"] == 200]


def png_text(path):
    """A PNG's iTXt chunks (as Sketchbloom writes them), keyword to text."""
    with open(path, "rb") as f:
        data = f.read()
    text, at = {}, 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"iTXt":   # keyword \0 flag method language \0 translated \0 text (UTF-8)
            key, _, rest = data[at + 8:at + 8 + length].partition(b"\0")
            value = rest[2:].split(b"\0", 2)[2]
            text[key.decode("latin-1")] = value.decode("utf-8")
        at += 12 + length
    return text


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


@check("sketch-lite: the create body is the contract's, byte for byte")
def _():
    sim = Sim()
    status, out, err = sim.generate("--style", "watercolor", "-n", "2", "--weight", "7", "--color", "10,20,30")
    assert status == 0, (status, err)
    expected = ('{"model":"wanx-sketch-to-image-lite","input":{"sketch_image_url":"%s","prompt":"a tall tree"},'
                '"parameters":{"size":"768*768","n":2,"sketch_weight":7,"style":"<watercolor>",'
                '"sketch_extraction":false,"sketch_color":[[10,20,30]]}}' % sim.sketch)
    assert create_bodies(sim) == [expected], create_bodies(sim)
    sim.close()


@check("--model doodle: the sketch goes inline with no upload method set up; the body is the contract's")
def _():
    sim = Sim()
    sketch = os.path.join(sim.dir, "drawn.png")
    with open(sketch, "wb") as f:
        f.write(png(768, 768))
    with open(sketch, "rb") as f:
        inline = "data:image/png;base64," + base64.b64encode(f.read()).decode()
    out_dir = os.path.join(sim.dir, "doodle")
    # PUT chosen with no address: an engine that uploads could not start.
    status, out, err = sim.run("generate", "--model", "doodle", "--sketch", sketch, "--prompt", "a tall tree",
                               "--style", "watercolor", "-n", "2", "--seed", "42", "--upload", "put",
                               "-o", out_dir)
    assert status == 0, (status, err)
    paths = out.splitlines()
    assert len(paths) == 2 and all(png_size(p) == (768, 768) for p in paths), out
    assert "seed 42" in err, err
    # The seed and the engine travel inside each picture, for making it again.
    text = png_text(paths[0])
    assert text.get("sketchbloom:seed") == "42" and text.get("sketchbloom:engine") == "doodle", text
    assert text.get("sketchbloom:prompt_sent") == "a tall tree, watercolor style" and "sketchbloom:sketch_weight" not in text, text
    expected = ('{"model":"wanx2.1-imageedit","input":{"function":"doodle","prompt":"a tall tree, watercolor style",'
                '"base_image_url":"%s"},"parameters":{"n":2,"seed":42,"watermark":false,"is_sketch":true}}' % inline)
    assert create_bodies(sim) == [expected], create_bodies(sim)[0][:300]
    # Nothing went anywhere but the API: no policy, no storage, no PUT (but
    # the one that set up the simulator's own sketch).
    assert all(e["path"] == "/files/sketch.png" or e["path"] == CREATE or e["path"].startswith("/api/v1/tasks/") or e["path"].startswith("/results/")
               for e in sim.entries()), [e["path"] for e in sim.entries()]
    # Without --seed the seed is chosen, sent and said.
    status, out, err = sim.run("generate", "--model", "doodle", "--sketch", sketch, "--prompt", "a tall tree",
                               "-n", "1", "-o", out_dir)
    assert status == 0, (status, err)
    sent = json.loads(create_bodies(sim)[-1])["parameters"]["seed"]
    assert f"seed {sent} " in err, (sent, err)
    sim.close()


@check("--model doodle: 800 characters are taken, 801 and the sketch model's options are refused before any request")
def _():
    sim = Sim()
    sketch = os.path.join(sim.dir, "drawn.png")
    with open(sketch, "wb") as f:
        f.write(png(768, 768))
    base = ["generate", "--model", "doodle", "--sketch", sketch, "-n", "1", "-o", os.path.join(sim.dir, "o")]
    status, out, err = sim.run(*base, "--prompt", "x" * 800)
    assert status == 0, (status, err)
    assert json.loads(create_bodies(sim)[-1])["input"]["prompt"] == "x" * 800
    for extra, words in [(["--prompt", "x" * 801], "801"), (["--prompt", "x", "--weight", "3"], "--weight"),
                         (["--prompt", "x", "--color", "1,2,3"], "--color"), (["--prompt", "x", "--extract"], "--extract"),
                         (["--model", "enlarge", "--prompt", "x"], "unknown model")]:
        status, out, err = sim.run(*base, *extra)
        assert status == 2 and words in err, (extra, status, err)
    assert sim.count("POST", CREATE) == 1
    # The sketch model keeps its own limit.
    status, out, err = sim.generate("--prompt", "x" * 76)
    assert status == 2 and "76" in err, err
    sim.close()


@check("enlarge --factor 4: a 3072×3072 PNG from a 768 px picture, inline, the body the contract's")
def _():
    sim = Sim()
    picture = os.path.join(sim.dir, "picture.png")
    with open(picture, "wb") as f:
        f.write(png(768, 768))
    with open(picture, "rb") as f:
        inline = "data:image/png;base64," + base64.b64encode(f.read()).decode()
    status, out, err = sim.run("enlarge", picture, "--factor", "4", "-o", os.path.join(sim.dir, "big"))
    assert status == 0, (status, err)
    paths = out.splitlines()
    assert len(paths) == 1 and png_size(paths[0]) == (3072, 3072), out
    expected = ('{"model":"wanx2.1-imageedit","input":{"function":"super_resolution","prompt":"image super-resolution.",'
                '"base_image_url":"%s"},"parameters":{"n":1,"watermark":false,"upscale_factor":4}}' % inline)
    assert create_bodies(sim) == [expected], create_bodies(sim)[0][:300]
    # 5× is not offered; 4× of a picture already 3072 px would pass what the app takes: refused, unpaid.
    status, out, err = sim.run("enlarge", picture, "--factor", "5", "-o", os.path.join(sim.dir, "big"))
    assert status == 2, (status, err)
    status, out, err = sim.run("enlarge", paths[0], "--factor", "4", "-o", os.path.join(sim.dir, "big"))
    assert status != 0 and "4096" in err, (status, err)
    assert sim.count("POST", CREATE) == 1
    sim.close()


def grey_png(width, height, inside):
    """An RGB PNG, light grey (not pure white) where inside(x, y), dark grey elsewhere."""
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            row += b"\xd8\xd8\xd8" if inside(x, y) else b"\x14\x14\x14"
        rows.append(b"\x00" + bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def png_pixels(data):
    """An 8-bit RGB or greyscale PNG's rows (filter 0 or any: decoded by zlib and unfiltered here)."""
    width, height, depth, kind = struct.unpack(">IIBB", data[16:26])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[kind]
    at, raw = 8, b""
    while at < len(data):
        length, name = struct.unpack(">I4s", data[at:at + 8])
        if name == b"IDAT":
            raw += data[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(raw)
    stride, rows, previous = width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind_ = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind_ == 1:
                line[i] = (line[i] + a) & 0xff
            elif kind_ == 2:
                line[i] = (line[i] + b) & 0xff
            elif kind_ == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif kind_ == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xff
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


@check("edit, extend, colorize, change: each sends its function and only its options; a grey mask goes pure "
       "black and white; results of the right size, under the picture they edit")
def _():
    sim = Sim()
    status, out, err = sim.generate("-n", "1")
    assert status == 0, err
    [made] = history_entries(sim)
    picture = os.path.join(sim.history, sorted(os.listdir(sim.history))[0], made["images"][0])
    region = lambda x, y: 100 <= x < 300 and 200 <= y < 400
    mask = os.path.join(sim.dir, "mask.png")
    with open(mask, "wb") as f:
        f.write(grey_png(768, 768, region))
    out_dir = os.path.join(sim.dir, "edits")
    runs = [
        (["edit", picture, "--mask", mask, "--prompt", "a red door"], "description_edit_with_mask", (768, 768)),
        (["extend", picture, "--left", "1.5", "--top", "1.25", "--prompt", "more sea"], "expand", (1152, 960)),
        (["colorize", picture, "--prompt", "blue sky, yellow sand"], "colorization", (768, 768)),
        (["change", picture, "--prompt", "make the sky stormy", "--strength", "0.8"], "description_edit", (768, 768)),
    ]
    for args, function, size in runs:
        status, out, err = sim.run(*args, "-o", out_dir)
        assert status == 0, (args, status, err)
        assert png_size(out.strip()) == size, (function, png_size(out.strip()))
        request = json.loads(create_bodies(sim)[-1])
        assert request["input"]["function"] == function, request["input"]["function"]
        parameters = request["parameters"]
        assert set(parameters) - {"n", "seed", "watermark"} == {
            "expand": {"top_scale", "bottom_scale", "left_scale", "right_scale"},
            "description_edit": {"strength"}}.get(function, set()), parameters
        assert ("mask_image_url" in request["input"]) == (function == "description_edit_with_mask")
    request = json.loads(create_bodies(sim)[2])
    assert request["parameters"]["left_scale"] == 1.5 and request["parameters"]["top_scale"] == 1.25, request
    assert json.loads(create_bodies(sim)[4])["parameters"]["strength"] == 0.8
    # The mask as sent: two tones only, white exactly where the light grey was.
    sent = base64.b64decode(json.loads(create_bodies(sim)[1])["input"]["mask_image_url"].split(",", 1)[1])
    width, height, channels, rows = png_pixels(sent)
    assert (width, height) == (768, 768)
    for y in range(height):
        for x in range(width):
            pixel = rows[y][x * channels:x * channels + 3]
            want = b"\xff\xff\xff" if region(x, y) else b"\x00\x00\x00"
            assert pixel[:len(want)] == want[:len(pixel)], (x, y, pixel)
    # Each edit is under the picture it edits.
    edits = [e for e in history_entries(sim) if e.get("parent")]
    assert len(edits) == 4, history_entries(sim)
    assert all(e["parent"]["image"] == made["images"][0] for e in edits), edits
    # What an edit does not take is refused before anything is sent.
    before = sim.count("POST", CREATE)
    for args, words in [(["extend", picture, "--prompt", "x", "--strength", "0.3"], "--strength"),
                        (["change", picture, "--prompt", "x", "--top", "1.5"], "--top"),
                        (["edit", picture, "--prompt", "x"], "--mask"),
                        (["colorize", picture, "--prompt", "x", "--mask", mask], "--mask"),
                        (["extend", picture, "--prompt", "x", "--left", "2.5"], "2.5"),
                        (["extend", picture, "--prompt", "x"], "no side"),
                        (["change", picture, "--prompt", "x", "--strength", "-0.1"], "-0.1"),
                        (["colorize", picture], "prompt")]:
        status, out, err = sim.run(*args, "-o", out_dir)
        assert status == 2 and words in err, (args, status, err)
    with open(mask, "wb") as f:
        f.write(grey_png(700, 768, region))
    status, out, err = sim.run("edit", picture, "--mask", mask, "--prompt", "x", "-o", out_dir)
    assert status != 0 and "700×768" in err, (status, err)
    assert sim.count("POST", CREATE) == before
    sim.close()


def main():
    for index, test in enumerate(tests):
        if index % PARTS == PART - 1:
            test()
    print(f"1..{len(results)}")
    for number, (ok, name, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} {name}")
        if why:
            print("# " + why.replace("\n", "\n# "))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
