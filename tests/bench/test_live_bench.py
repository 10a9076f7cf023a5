"""Smoke test of the live-room benchmark (bench/live.py) with a handful of clients.

Real processes all the way (a ``community serve``, a client process with python-socketio
``AsyncClient``s); no timing is asserted (see bench/README.md), only that every client
connected, every message was accepted and reached every client, and the figures add up.
"""
from __future__ import annotations

import json
import secrets
import subprocess
import sys
import textwrap

import pytest

from bench import live
from bench import server as bench_server

pytestmark = pytest.mark.slow

PREPARE = textwrap.dedent("""
    import logging, sys
    logging.disable(logging.WARNING)
    from bench import live
    print(live.prepare(sys.argv[1], sys.argv[2], users=int(sys.argv[3])).to_json())
""")


def _prepare(tmp_path, users: int) -> tuple[str, dict]:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    env = bench_server.server_env(str(tmp_path), url, env="development")
    done = subprocess.run([sys.executable, "-c", PREPARE, url, str(tmp_path), str(users)],  # noqa: S603
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return url, json.loads(done.stdout.strip().splitlines()[-1])


def test_a_few_clients_hear_every_chat_message(tmp_path):
    pytest.importorskip("aiohttp", reason="python-socketio's AsyncClient needs aiohttp "
                                          "(the bench extra)")
    url, data = _prepare(tmp_path, users=6)
    assert len(data["emails"]) == 6

    env = live.live_env(str(tmp_path), url, secret=secrets.token_urlsafe(32),
                        env="development")
    with live.running_servers(str(tmp_path), env, 1, production=False) as servers:
        cookies = live.login_all(servers[0].port, data["emails"], data["password"])
        result = live.run_clients([servers[0].base_url] * 6, cookies, data["event_id"],
                                  senders=2, rate=5, seconds=1)

    assert result["connected"] == 6 and result["refused"] == 0
    assert result["sent"] == 5 and result["send_errors"] == 0
    assert result["deliveries"] == result["expected"] == 5 * 6
    assert result["missing"] == 0
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert result["all_clients_p99_ms"] >= result["p50_ms"]
    assert result["delivered_per_s"] > 0
    assert "live set-up" in live.header()
    assert live.row("smoke", result).startswith("smoke")


def test_setups_skip_two_processes_without_redis():
    assert live.setups(["threading"], [1, 2], None) == [
        ("threading, 1 process", "threading", 1, None)]
    labels = [s[0] for s in live.setups(["threading", "gevent"], [1, 2], "redis://x")]
    assert labels == ["threading, 1 process", "threading, 2 processes + Redis",
                      "gevent, 1 process", "gevent, 2 processes + Redis"]
    on_sqlite = [s[0] for s in live.setups(["threading", "gevent"], [1, 2], "redis://x",
                                           sqlite=True)]
    assert on_sqlite == labels[:3]  # gevent processes would stall each other on its lock


def test_bench_command_line_has_the_live_options():
    from bench.__main__ import parse_args

    args = parse_args(["--live-only", "--live-clients", "50", "--live-rate", "2"])
    assert args.live_only and args.live_clients == 50 and args.live_rate == 2.0
    assert not parse_args(["--no-live"]).live
    with pytest.raises(SystemExit):
        parse_args(["--live-clients", "1"])
