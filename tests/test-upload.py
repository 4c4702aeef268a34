#!/usr/bin/env python3
"""Uploads, end to end through sketchbloom-cli and sketchbloom-sim:
  - HTTP PUT to a real nginx (WebDAV PUT) on loopback, including 401, 403 and
    413 answers from it;
  - a multipart form to a small loopback image host answering in plain text
    and in JSON;
  - DashScope temporary storage (policy, OSS form, oss://) on the simulator;
  - sketches refused locally, before any request.
The key must reach no upload host: nginx logs the Authorization header it
gets, the form host records what it gets, the simulator logs every request.

Usage: test-upload.py SKETCHBLOOM_CLI SKETCHBLOOM_SIM.  Prints TAP."""

import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

CLI, SIM = sys.argv[1], sys.argv[2]
KEY = "sk-upload-test-4242"
CREATE = "/api/v1/services/aigc/image2image/image-synthesis"
WORK = tempfile.mkdtemp(prefix="sketchbloom-upload-")
results = []
tests = []


def png(width, height):
    rows = b"".join(b"\x00" + bytes(0 if abs(x - y * width // height) < 4 else 255 for x in range(width))
                    for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def write(name, data):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sim:
    def __init__(self):
        self.log = os.path.join(WORK, f"sim-{time.monotonic_ns()}.log")
        self.proc = subprocess.Popen([SIM, "--api-key", KEY, "--service-time", "0.5", "--log", self.log],
                                     stdout=subprocess.PIPE, text=True)
        self.base = self.proc.stdout.readline().strip()
        self.proc.stdout.readline()

    def entries(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def cli(sim, *args):
    env = dict(os.environ, DASHSCOPE_API_KEY=KEY, DASHSCOPE_HTTP_BASE_URL=sim.base,
               GSETTINGS_BACKEND="memory", HOME=WORK)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)   # no keyring: headers only from flags
    done = subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


class Nginx:
    CONF = """
{user}daemon off; pid {dir}/nginx.pid; error_log {dir}/error.log;
events {{}}
http {{
  log_format keys '$request_method $uri $status auth=[$http_authorization] token=[$http_x_token]';
  access_log {dir}/access.log keys;
  client_body_temp_path {dir}/tmp;
  proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp; uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {dir}/files;
    location /up/ {{ dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; client_max_body_size 10m; }}
    location /auth/ {{
      set $allowed "yes";
      if ($request_method = PUT) {{ set $allowed "no"; }}
      if ($http_x_token = "secret") {{ set $allowed "yes"; }}
      if ($allowed = "no") {{ return 401; }}
      dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r;
    }}
    location /small/ {{ dav_methods PUT; create_full_put_path on; client_max_body_size 1k; }}
    location /forbidden/ {{ limit_except GET {{ deny all; }} }}
  }}
}}
"""

    def __init__(self):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=WORK)
        os.makedirs(os.path.join(self.dir, "files"))
        os.makedirs(os.path.join(self.dir, "tmp"))
        self.port = free_port()
        user = "user root; " if os.geteuid() == 0 else ""
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(self.CONF.format(user=user, dir=self.dir, port=self.port))
        self.proc = subprocess.Popen([binary, "-p", self.dir, "-c", os.path.join(self.dir, "nginx.conf")])
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def log(self):
        with open(os.path.join(self.dir, "access.log")) as f:
            return f.read()

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class FormHost(http.server.ThreadingHTTPServer):
    """Takes POST / as multipart, keeps the file, answers with its URL as plain
    text (/plain) or JSON {"data": {"url": …}} (/json); serves it on GET."""

    def __init__(self):
        self.files, self.seen = {}, []
        super().__init__(("127.0.0.1", 0), FormHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


class FormHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        boundary = self.headers.get_param("boundary").encode()
        parts = {}
        for part in body.split(b"--" + boundary)[1:-1]:
            head, _, data = part.partition(b"\r\n\r\n")
            name = head.split(b'name="')[1].split(b'"')[0].decode()
            parts[name] = data[:-2]
        field = "image" if self.path.startswith("/json") else "file"
        if field not in parts:
            self.send_response(400)
            self.end_headers()
            return
        name = f"/f/{len(self.server.files)}.png"
        self.server.files[name] = parts[field]
        url = self.server.url + name
        answer = url.encode() + b"\n" if self.path.startswith("/plain") else json.dumps({"data": {"url": url}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if self.path.startswith("/plain") else "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_GET(self):
        data = self.server.files.get(self.path)
        self.send_response(200 if data else 404)
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        self.wfile.write(data or b"")


def check(name):
    def wrap(function):
        def run():
            try:
                function()
                results.append((True, name, ""))
            except AssertionError as error:
                results.append((False, name, repr(error)))
        tests.append(run)
        return run
    return wrap


SKETCH = write("sketch.png", png(512, 512))


@check("PUT to nginx: stored under a fresh ASCII name, fetched by the service from the public prefix")
def _():
    nginx, sim = Nginx(), Sim()
    try:
        status, out, err = cli(sim, "generate", "--sketch", SKETCH, "--prompt", "x", "-n", "1",
                               "--upload", "put", "--upload-url", nginx.url + "/up/", "-o", os.path.join(WORK, "put"))
        assert status == 0, err
        stored = os.listdir(os.path.join(nginx.dir, "files", "up"))
        assert len(stored) == 1 and stored[0].startswith("sketchbloom-") and stored[0].endswith(".png"), stored
        assert stored[0].isascii()
        with open(os.path.join(nginx.dir, "files", "up", stored[0]), "rb") as f:
            assert f.read() == open(SKETCH, "rb").read()
        log = nginx.log()
        assert f"PUT /up/{stored[0]} 201" in log and f"GET /up/{stored[0]} 200" in log, log
        assert KEY not in log and "auth=[-]" in log and "auth=[B" not in log, log
    finally:
        nginx.close()
        sim.close()


@check("PUT refused by nginx: 401 without the token, 403, 413 — each names the host and status")
def _():
    nginx, sim = Nginx(), Sim()
    try:
        for path, expected in (("/auth/", "HTTP 401"), ("/forbidden/", "HTTP 403"), ("/small/", "HTTP 413")):
            status, out, err = cli(sim, "submit", "--sketch", SKETCH, "--prompt", "x",
                                   "--upload", "put", "--upload-url", nginx.url + path)
            assert status == 1, (path, status, err)
            assert "127.0.0.1" in err and expected in err, (path, err)
        status, out, err = cli(sim, "submit", "--sketch", SKETCH, "--prompt", "x", "--upload", "put",
                               "--upload-url", nginx.url + "/auth/", "--upload-header", "X-Token: secret")
        assert status == 0, err
        assert sum(1 for e in sim.entries() if e["path"] == CREATE) == 1
        log = nginx.log()
        assert "token=[secret]" in log and KEY not in log, log
    finally:
        nginx.close()
        sim.close()


@check("form upload: plain-text and JSON answers, custom file field, key never sent")
def _():
    host, sim = FormHost(), Sim()
    try:
        status, out, err = cli(sim, "generate", "--sketch", SKETCH, "--prompt", "x", "-n", "1",
                               "--upload", "form", "--upload-url", host.url + "/plain", "-o", os.path.join(WORK, "f1"))
        assert status == 0, err
        status, out, err = cli(sim, "generate", "--sketch", SKETCH, "--prompt", "x", "-n", "1",
                               "--upload", "form", "--upload-url", host.url + "/json", "--form-field", "image",
                               "--url-path", "data.url", "-o", os.path.join(WORK, "f2"))
        assert status == 0, err
        # A wrong path into the JSON answer: said plainly.
        status, out, err = cli(sim, "submit", "--sketch", SKETCH, "--prompt", "x", "--upload", "form",
                               "--upload-url", host.url + "/json", "--form-field", "image", "--url-path", "data.link")
        assert status == 1 and "data.link" in err, err
        assert len(host.seen) == 3
        for request in host.seen:
            assert KEY.encode() not in request["body"]
            assert not any(KEY in v for v in request["headers"].values()), request["headers"]
        assert all(f.startswith(b"\x89PNG") for f in host.files.values())
    finally:
        host.shutdown()
        sim.close()


@check("temporary storage: policy, OSS form, oss:// with the resolve header; key to the API host only")
def _():
    sim = Sim()
    try:
        status, out, err = cli(sim, "generate", "--sketch", SKETCH, "--prompt", "x", "-n", "1",
                               "--upload", "dashscope", "-o", os.path.join(WORK, "ds"))
        assert status == 0, err
        entries = sim.entries()
        policy = [e for e in entries if e["path"] == "/api/v1/uploads"]
        posts = [e for e in entries if e["listener"] == "files" and e["method"] == "POST"]
        creates = [e for e in entries if e["path"] == CREATE]
        assert len(policy) == 1 and policy[0]["authorization"] == "valid"
        assert len(posts) == 1 and posts[0]["status"] == 200 and posts[0]["authorization"] == "absent"
        assert len(creates) == 1 and creates[0]["oss_resolve"] is True
        assert all(e["authorization"] == "absent" for e in entries if e["listener"] != "api")
    finally:
        sim.close()


@check("refused locally, before any request: 100×100, 3000×3000, not square, not an image, 11 MB")
def _():
    sim, nginx = Sim(), Nginx()
    try:
        cases = {
            "small.png": (png(100, 100), "100×100"),
            "huge.png": (png(3000, 3000), "3000×3000"),
            "wide.png": (png(800, 400), "square"),
            "text.png": (b"not a picture at all", "not a JPEG, PNG"),
            "eleven.png": (png(512, 512) + b"\0" * (11 * 1024 * 1024), "10 MB"),
        }
        for name, (data, words) in cases.items():
            path = write(name, data)
            for method in (["--upload", "dashscope"], ["--upload", "put", "--upload-url", nginx.url + "/up/"]):
                status, out, err = cli(sim, "submit", "--sketch", path, "--prompt", "x", *method)
                assert status == 2, (name, method, status, err)
                assert words in err, (name, err)
        assert sim.entries() == [], sim.entries()
        assert nginx.log() == "", nginx.log()
    finally:
        sim.close()
        nginx.close()


def main():
    for test in tests:
        test()
    print(f"1..{len(results)}")
    for number, (ok, name, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} {name}")
        if why:
            print("# " + why.replace("\n", "\n# "))
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        print("1..0 # SKIP nginx is not installed (build-aux/dev.sh test installs it)")
        sys.exit(77)
    sys.exit(main())
