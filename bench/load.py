"""Load generators, in processes separate from the server, on loopback only.

- ``wrk`` when it is on PATH: a small Lua script cycles through the paths and prints the
  totals and latency percentiles (wrk's own ``--latency`` has no p95) on one line.
- Otherwise Python: one worker process per connection, each with one keep-alive
  ``http.client`` connection, requesting as fast as answers come for a fixed duration.

Both give a ``Result``; a request counts as an error when it fails or its status is not
2xx/3xx. ``login_cookie`` logs in through the real form (with its CSRF token).
"""
from __future__ import annotations

import http.client
import json
import multiprocessing
import re
import shutil
import signal
import subprocess
import tempfile
import time
from array import array
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

TIMEOUT = 10.0


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- single requests

def get(host: str, port: int, path: str, headers: dict | None = None):
    """One GET: (status, headers message, body text)."""
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.msg, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _cookies(msg) -> dict[str, str]:
    jar = SimpleCookie()
    for header in msg.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def login_cookie(host: str, port: int, email: str, password: str) -> str:
    """Log in through the form; returns the ``Cookie`` header value of the session."""
    status, msg, html = get(host, port, "/login")
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    if status != 200 or not match:
        raise RuntimeError(f"no login form with a CSRF token (status {status})")
    cookies = _cookies(msg)
    body = urlencode({"email": email, "password": password, "csrf_token": match.group(1)})
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        conn.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        })
        resp = conn.getresponse()
        resp.read()
    finally:
        conn.close()
    if resp.status != 302:
        raise RuntimeError(f"logging in as {email} answered {resp.status}, not 302")
    cookies.update(_cookies(resp.msg))
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def preflight(host: str, port: int, paths: list[str], headers: dict,
              logged_in: bool) -> None:
    """Every path answers 200 (and shows the logout form when logged in)."""
    for path in dict.fromkeys(paths):
        status, _msg, html = get(host, port, path, headers)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}, expected 200")
        if logged_in and 'action="/logout"' not in html:
            raise RuntimeError(f"GET {path} does not look logged in")


# ---------------------------------------------------------------- wrk

WRK_SCRIPT = """
local paths = {%(paths)s}
local n = 0
init = function(args) n = math.random(#paths) end
request = function()
  n = n %% #paths + 1
  return wrk.format(nil, paths[n])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"errors\\": %%d, " ..
    "\\"p50\\": %%d, \\"p95\\": %%d, \\"p99\\": %%d, \\"max\\": %%d}\\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(host: str, port: int, paths: list[str], headers: dict, *, connections: int,
            duration: float, threads: int) -> Result:
    lua_paths = ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % {"paths": lua_paths})
        script = f.name
    cmd = ["wrk", "-t", str(max(1, min(threads, connections))), "-c", str(connections),
           "-d", f"{max(1, round(duration))}s", "--timeout", f"{TIMEOUT:.0f}s", "-s", script]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(f"http://{host}:{port}/")
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False,
                             timeout=duration + 60)
    finally:
        Path(script).unlink(missing_ok=True)
    match = re.search(r"^BENCH (\{.*\})$", out.stdout, re.MULTILINE)
    if out.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr or out.stdout}")
    d = json.loads(match.group(1))
    requests = d["requests"]
    return Result(requests=requests, errors=d["errors"], seconds=d["duration_us"] / 1e6,
                  p50_ms=d["p50"] / 1000, p95_ms=d["p95"] / 1000, p99_ms=d["p99"] / 1000,
                  max_ms=d["max"] / 1000)


# ---------------------------------------------------------------- Python workers

def _worker(host: str, port: int, paths: list[str], headers: dict, offset: int,
            start_at: float, end_at: float) -> tuple[array, int]:
    latencies, errors, n = array("d"), 0, offset
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    while time.time() < start_at:
        time.sleep(0.005)
    while time.time() < end_at:
        n = (n + 1) % len(paths)
        began = time.perf_counter()
        try:
            conn.request("GET", paths[n], headers=headers)
            resp = conn.getresponse()
            resp.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
            continue
        latencies.append(time.perf_counter() - began)
        if not 200 <= resp.status < 400:
            errors += 1
    conn.close()
    return latencies, errors


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def percentile(sorted_values, p: float) -> float:
    """Nearest-rank percentile of an already sorted sequence (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def run_python(host: str, port: int, paths: list[str], headers: dict, *, connections: int,
               duration: float) -> Result:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(connections, initializer=_ignore_sigint) as pool:
        start_at = time.time() + 0.5  # the workers are up; they start on the same clock
        end_at = start_at + duration
        args = [(host, port, paths, headers, i * 7, start_at, end_at)
                for i in range(connections)]
        results = pool.starmap(_worker, args, chunksize=1)
    latencies = sorted(v for lat, _ in results for v in lat)
    errors = sum(e for _, e in results)
    ms = [percentile(latencies, p) * 1000 for p in (50, 95, 99)]
    return Result(requests=len(latencies), errors=errors, seconds=duration,
                  p50_ms=ms[0], p95_ms=ms[1], p99_ms=ms[2],
                  max_ms=(latencies[-1] * 1000) if latencies else 0.0)
