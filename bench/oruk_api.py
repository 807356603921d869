"""The ORUK API under load: requests per second for /api/oruk/services?per_page=50 at page 1 and at a
deep page, served by gunicorn (2 workers, production settings) under wrk, each against the
framework's floor — /health/, a minimal Django JSON view on the same server, measured in the same run.

    .venv/bin/python -m bench.oruk_api --services 100000 --seconds 10
    DATABASE_URL=postgres://.../kith_bench .venv/bin/python -m bench.oruk_api --services 100000

Needs wrk (Debian: apt install wrk). Rounds alternate the endpoints so drift on a busy machine falls
on all of them alike; each figure is the median over the rounds. The directory is generated once per
database (deterministic seed) and reused, as in the other benchmarks.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import directory_pages

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer {url} within {seconds:.0f} s.")


def _wrk(url: str, seconds: int, connections: int) -> float:
    result = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", url],
                            capture_output=True, text=True, check=True)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", result.stdout)
    if failed:
        raise SystemExit(f"{url} failed requests:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("This benchmark needs wrk (Debian: apt install wrk).", file=sys.stderr)
        return 1
    directory_pages._setup(args.services)

    from django.db import connection

    from kith.directory.models import Service

    published = Service.objects.published().count()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KITH_ENV": "production", "SECRET_KEY": "benchmark-only-" + "x" * 40,
           "KITH_REFERRAL_KEYS": "YmVuY2htYXJrLW9ubHktcmVmZXJyYWwta2V5LTMyYmI=",
           "KITH_REFERRAL_LOOKUP_KEY": "benchmark-only-" + "k" * 40,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "kith.wsgi", "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        _wait_for(f"{base}/health/")
        with urllib.request.urlopen(f"{base}/api/oruk/services?per_page=50", timeout=60) as response:
            pages = json.load(response)["total_pages"]
        deep = max(1, pages * 9 // 10)
        endpoints = [
            ("/health/ (framework floor)", "/health/"),
            ("services, per_page=50, page 1", "/api/oruk/services?per_page=50&page=1"),
            (f"services, per_page=50, page {deep:,}", f"/api/oruk/services?per_page=50&page={deep}"),
        ]
        for _, path in endpoints:  # warm the workers and the database cache
            _wrk(base + path, 2, args.connections)
        results = {path: [] for _, path in endpoints}
        for _ in range(args.rounds):
            for _, path in endpoints:
                results[path].append(_wrk(base + path, args.seconds, args.connections))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nORUK API under gunicorn (2 workers), wrk {args.connections} connections, {args.seconds} s x "
          f"{args.rounds} rounds: {Service.objects.count():,} services ({published:,} published), {connection.vendor}\n")
    print(f"{'endpoint':40} {'median req/s':>13} {'x floor':>8}")
    floor = statistics.median(results["/health/"])
    for name, path in endpoints:
        median = statistics.median(results[path])
        print(f"{name:40} {median:13.1f} {median / floor:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
