#!/usr/bin/env python3
"""The first run's network check and the model download's resume, measured.

    .venv/bin/python scripts/bench_download.py [--no-real-host] [--size-mb 41.2]

1. **Network check, offline.** How long `check_network` takes to give up on the real model server
   (alphacephei.com; offline here, so this is what an offline first run waits), five times; then
   against a loopback port that never answers (its accept queue is full: the worst case, a
   network that drops packets), which the 2 s bound must cap; and `voicecoach model ensure`
   end to end (Python start included) in a scratch data folder.
2. **Resume.** A loopback HTTP server (with Range support, as real servers have) serves a model
   zip of the small English model's size (41,205,931 bytes by default: a model-shaped zip filled
   with random bytes, so nothing compresses away). The first download is cut off half way; the
   second asks for the rest only (``Range: bytes=N-``); the figures printed are the bytes kept,
   the range asked for, the bytes sent the second time, and the SHA-256 check before unpacking.

--no-real-host skips the one step that contacts anything but loopback.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    cut_first = True
    log: list[dict] = []

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):
        body = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
        wanted = self.headers.get("Range")
        start = int(wanted.split("=")[1].split("-")[0]) if wanted else 0
        entry = {"range": wanted, "sent": 0}
        type(self).log.append(entry)
        if wanted:
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        payload = body[start:]
        if type(self).cut_first:  # the network goes away half way through
            type(self).cut_first = False
            payload = payload[: len(body) // 2]
            self.close_connection = True
        self.wfile.write(payload)
        entry["sent"] = len(payload)


def model_zip(path: Path, size: int) -> Path:
    files = {"am/final.mdl": b"m", "conf/model.conf": b"--min-active=200\n", "graph/HCLG.fst": b"g",
             "README": b"US English model for measuring downloads\n"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for rel, data in files.items():
            zf.writestr(f"vosk-model-bench-en-us-0.1/{rel}", data)
        filler = max(0, size - 1200)
        zf.writestr("vosk-model-bench-en-us-0.1/am/weights.bin", os.urandom(filler))
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-real-host", action="store_true")
    ap.add_argument("--size-mb", type=float, default=41.205931)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vc-bench-dl-"))
    os.environ["VOICECOACH_HOME"] = str(work / "home")
    os.environ.pop("VOICECOACH_NO_DOWNLOAD", None)
    from voicecoach.asr import models as m

    print(f"load average {loadavg()}")
    print("\n1. network check, offline")
    if not args.no_real_host:
        times = []
        for _ in range(5):
            check = m.check_network(m.DEFAULT_MODEL.url)
            times.append(check.elapsed_s)
        print(f"   {m.DEFAULT_MODEL.url.split('/')[2]}: {check.reason}; "
              f"{statistics.median(times) * 1000:.0f} ms median, {max(times) * 1000:.0f} ms max of 5")
        exe = Path(sys.executable).with_name("voicecoach")
        t0 = time.monotonic()
        res = subprocess.run([str(exe), "model", "ensure"], capture_output=True, text=True, env=os.environ)
        print(f"   `voicecoach model ensure` end to end: {time.monotonic() - t0:.2f} s, exit {res.returncode}: "
              f"{res.stderr.strip()[:110]}")
    import socket

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    held = []
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        held.append(c)
    check = m.check_network(f"http://127.0.0.1:{port}/m.zip")
    print(f"   a port that never answers (dropped packets): {check.elapsed_s:.2f} s, bound "
          f"{m.NETWORK_CHECK_TIMEOUT_S:g} s: {check.reason}")
    for c in held:
        c.close()
    srv.close()

    print("\n2. resume")
    www = work / "www"
    www.mkdir()
    z = model_zip(www / "model.zip", int(args.size_mb * 1e6))
    digest = hashlib.sha256(z.read_bytes()).hexdigest()
    size = z.stat().st_size
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RangeHandler, directory=str(www)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/model.zip"
    t0 = time.monotonic()
    try:
        m.download_model(url, digest, progress=False)
        print("   the first try was not cut off: the measurement is broken")
        return 1
    except m.ModelError as exc:
        first_s = time.monotonic() - t0
        print(f"   first try ({first_s:.2f} s): {exc}")
    part = m.partial_download_path(m.config.models_dir(), digest)
    kept = part.stat().st_size
    t0 = time.monotonic()
    path = m.download_model(url, digest, progress=False)
    second_s = time.monotonic() - t0
    second = RangeHandler.log[-1]
    print(f"   zip {size:,} bytes; kept after the cut {kept:,} bytes ({kept / size:.0%})")
    print(f"   second try asked {second['range']!r}, was sent {second['sent']:,} bytes "
          f"({second['sent'] / size:.0%} of the file); total over both tries {sum(e['sent'] for e in RangeHandler.log):,}")
    print(f"   SHA-256 of the whole checked before unpacking: {digest[:16]}...; installed {path.name} "
          f"in {second_s:.2f} s; part file left: {part.exists()}")
    ok = second["range"] == f"bytes={kept}-" and second["sent"] == size - kept and not part.exists()
    httpd.shutdown()
    print(f"\nload average {loadavg()}")
    print("resume proof holds" if ok else "RESUME PROOF FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
