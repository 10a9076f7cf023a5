"""Start and stop a real ``community serve`` process on a free loopback port.

The server gets a clean environment: inherited ``COMMUNITY_*`` variables are dropped and
only the benchmark's are set. Rate limits are switched off with
``COMMUNITY_RATELIMIT_ENABLED=false`` (Flask-Limiter's ``RATELIMIT_ENABLED``), so that
logging in and hammering pages is never throttled.
"""
from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(instance_path: str, database_url: str, env: str = "production") -> dict:
    out = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNITY_")}
    out.update({
        "COMMUNITY_ENV": env,
        "COMMUNITY_SECRET_KEY": secrets.token_urlsafe(32),
        "COMMUNITY_INSTANCE_PATH": instance_path,
        "COMMUNITY_DATABASE_URL": database_url,
        "COMMUNITY_RATELIMIT_ENABLED": "false",  # parsed as JSON: False
        "COMMUNITY_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    out.pop("FLASK_APP", None)
    return out


def _command(port: int) -> list[str]:
    script = Path(sys.executable).with_name("community")
    args = ["serve", "--host", HOST, "--port", str(port)]
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from community.cli import main; main()", *args]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def usage(self) -> str | None:
        """Peak memory and CPU time so far, from /proc (Linux; None elsewhere)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
            stat = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        return (f"peak RSS {fields.get('VmHWM', '?').strip()}, CPU time {cpu:.1f} s, "
                f"{fields.get('Threads', '?').strip()} threads")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL; only this process (it runs in its own session)."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)


def wait_healthy(server: Server, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.process.returncode}:\n"
                               + server.log_tail())
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=2)
            conn.request("GET", "/healthz")
            resp = conn.getresponse()
            resp.read()
            conn.close()
            if resp.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server was not healthy within {timeout:.0f} s:\n"
                       + server.log_tail())


@contextmanager
def running_server(instance_path: str, database_url: str, env: str = "production"):
    """Yield a healthy ``Server``; it is stopped on exit, also on errors and Ctrl-C."""
    port = free_port()
    log_path = Path(instance_path) / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            _command(port), env=server_env(instance_path, database_url, env),
            cwd=instance_path, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
        )
    server = Server(process, port, log_path)
    try:
        wait_healthy(server)
        yield server
    finally:
        server.stop()
