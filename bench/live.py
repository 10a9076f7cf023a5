"""Live-room fan-out: N real Socket.IO clients in one room, chat at a steady rate.

``python -m bench --live-only`` (or ``python -m bench.live``) does, per server set-up:

1. **Data** (once): a fresh database from the real migrations, ``--live-clients`` users
   (bench/datagen.py) and one started online masterclass they are all registered for.
   The bench users get a cheap PBKDF2 password hash (1,000 rounds) instead of scrypt, so
   that 500 logins take seconds; they still log in through the real form.
2. **Servers**: ``community serve`` (threading) or ``community serve --production``
   (gevent, when installed), one process, then two processes sharing Redis
   (``COMMUNITY_REDIS_URL``), with rate limits off (``COMMUNITY_RATELIMIT_ENABLED=false``)
   and the chat limit raised (``COMMUNITY_LIVE_CHAT_PER_WINDOW``). All share one secret
   key, so the session cookies of step 3 stay valid from one set-up to the next.
3. **Logins**: every user logs in over HTTP (thread pool) once.
4. **Clients**: a separate process (``--live-client-procs``) runs python-socketio
   ``AsyncClient``s, websocket transport, connected with the session cookie and
   ``auth={"event_id": ...}`` to namespace ``/live``, split evenly over the servers.
   When all are connected and the room is quiet, ``--live-senders`` of them send
   ``chat_send`` in turn at ``--live-rate`` messages per second for ``--live-seconds``.
   Each message body carries its send time (``time.time()``; one machine, one clock).
5. **Figures**: fan-out latency per delivery (send -> receipt of ``chat_message`` at each
   client) p50/p95/p99/max, the time until the last client had a message (p99 over
   messages), deliveries per second, and missing deliveries and refused sends.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import load, server

NAMESPACE = "/live"
CHEAP_HASH_ROUNDS = 1000


@dataclass
class LiveData:
    database_url: str
    event_id: int
    emails: list[str]  # emails[0] is the organiser
    password: str
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self))


# ---------------------------------------------------------------- data

def prepare(database_url: str, instance_path: str, *, users: int, seed: int = 1,
            reset: bool = False) -> LiveData:
    """A migrated database with ``users`` users registered for one started masterclass.

    The event id is random (10,000 and up) so that two runs sharing a Redis server never
    hear each other's rooms (Socket.IO's Redis channel is shared).
    """
    import datetime as dt

    import sqlalchemy as sa

    from . import datagen

    started = time.perf_counter()
    data = datagen.generate(database_url, instance_path, companies=max(1, users // 50),
                            users=users, seed=seed, reset=reset)
    app = datagen.make_app(database_url, instance_path)
    with app.app_context():
        from werkzeug.security import generate_password_hash

        from community.accounts.models import User
        from community.events.models import Event, Registration
        from community.extensions import db

        try:
            cheap = generate_password_hash(data.password,
                                           method=f"pbkdf2:sha256:{CHEAP_HASH_ROUNDS}")
            db.session.execute(sa.update(User).values(password_hash=cheap))
            rows = db.session.execute(sa.select(User.id, User.email).order_by(
                sa.case((User.role == "admin", 0), else_=1), User.id)).all()
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            event_id = random.Random().randrange(10_000, 1_000_000_000)
            db.session.execute(sa.insert(Event), [{
                "id": event_id, "slug": f"bench-live-{event_id}",
                "title": "Bench: live masterclass", "kind": "masterclass",
                "description_md": "Benchmark.", "description_html": "<p>Benchmark.</p>",
                "format": "online", "conference_url": "https://meet.jit.si/bench-live",
                "starts_at": now - dt.timedelta(minutes=5),
                "ends_at": now + dt.timedelta(hours=3), "organiser_id": rows[0].id,
                "requires_subscription": False, "status": "published",
                "checkin_code": "BENCH1",
            }])
            db.session.execute(sa.insert(Registration), [
                {"event_id": event_id, "user_id": r.id, "status": "registered"}
                for r in rows])
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()
    return LiveData(database_url=database_url, event_id=event_id,
                    emails=[r.email for r in rows], password=data.password,
                    seconds=time.perf_counter() - started)


# ---------------------------------------------------------------- servers

def have_gevent() -> bool:
    try:
        import gevent  # noqa: F401
    except ImportError:
        return False
    return True


def redis_available(url: str | None) -> bool:
    if not url:
        return False
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:
        return False
    return True


def live_env(instance_path: str, database_url: str, *, secret: str,
             redis_url: str | None = None, env: str = "production",
             extra: dict | None = None) -> dict:
    out = server.server_env(instance_path, database_url, env)
    out["COMMUNITY_SECRET_KEY"] = secret
    out["COMMUNITY_LIVE_CHAT_PER_WINDOW"] = "100000"
    out["COMMUNITY_LOG_JSON"] = "false"
    if redis_url:
        out["COMMUNITY_REDIS_URL"] = redis_url
    out.update(extra or {})
    return out


def spawn_server(instance_path: str, env: dict, *, name: str,
                 production: bool = False) -> server.Server:
    """Start ``community serve`` (its own session, log in the instance); not yet healthy."""
    port = server.free_port()
    log_path = Path(instance_path) / f"{name}.log"
    command = server._command(port) + (["--production"] if production else [])
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, cwd=instance_path,  # noqa: S603
                                   stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return server.Server(process, port, log_path)


def start_server(instance_path: str, env: dict, *, name: str,
                 production: bool = False) -> server.Server:
    """One healthy ``community serve`` process."""
    return start_servers(instance_path, [(env, name, production)])[0]


def start_servers(instance_path: str, specs: list[tuple[dict, str, bool]]
                  ) -> list[server.Server]:
    """Several healthy servers, started side by side: ``specs`` is (env, name, production)."""
    servers = [spawn_server(instance_path, env, name=name, production=production)
               for env, name, production in specs]
    try:
        for srv in servers:
            server.wait_healthy(srv, timeout=60)
    except BaseException:
        for srv in servers:
            srv.stop()
        raise
    return servers


@contextmanager
def running_servers(instance_path: str, env: dict, count: int, *, production: bool,
                    label: str = "live"):
    servers = start_servers(instance_path, [(env, f"{label}-{n}", production)
                                            for n in range(count)])
    try:
        yield servers
    finally:
        for srv in servers:
            srv.stop()


def login_all(port: int, emails: list[str], password: str, threads: int = 8) -> list[str]:
    """Log every user in through the real form; their ``Cookie`` header values."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(
            lambda email: load.login_cookie(server.HOST, port, email, password), emails))


# ---------------------------------------------------------------- clients (own process)

@dataclass
class ClientPlan:
    urls: list[str]  # one per client
    cookies: list[str]
    event_id: int
    senders: list[int]  # indexes of the clients that send (only in process 0)
    rate: float
    seconds: float
    connect_batch: int = 25
    settle: float = 1.5


@dataclass
class ClientReport:
    connected: int = 0
    refused: list[str] = field(default_factory=list)
    sent: int = 0
    send_errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds, one per delivery
    per_message_max: dict[int, float] = field(default_factory=dict)  # seq -> slowest client
    first_send: float = 0.0
    last_receipt: float = 0.0
    connect_seconds: float = 0.0


async def _run_clients(plan: ClientPlan, ready, go, is_sender_proc: bool) -> ClientReport:
    import socketio

    report = ClientReport()
    clients: list = []

    def make(index: int):
        client = socketio.AsyncClient(reconnection=False, request_timeout=30)

        @client.on("chat_message", namespace=NAMESPACE)
        async def on_chat(data):
            now = time.time()
            parts = str(data.get("body", "")).split()
            if len(parts) == 3 and parts[0] == "bench":
                seq, sent_at = int(parts[1]), float(parts[2])
                latency = now - sent_at
                report.latencies.append(latency)
                report.per_message_max[seq] = max(report.per_message_max.get(seq, 0.0), latency)
                report.last_receipt = max(report.last_receipt, now)

        return client

    async def connect(index: int) -> None:
        client = make(index)
        for attempt in range(3):
            try:
                await client.connect(plan.urls[index], headers={"Cookie": plan.cookies[index]},
                                     auth={"event_id": plan.event_id},
                                     namespaces=[NAMESPACE], transports=["websocket"],
                                     wait_timeout=30)
                clients.append((index, client))
                return
            except Exception as exc:  # refused (reason in the message) or a network error
                if attempt == 2:
                    report.refused.append(f"client {index}: {exc}")
                else:
                    await asyncio.sleep(0.2 + random.random())

    started = time.perf_counter()
    indexes = list(range(len(plan.urls)))
    for i in range(0, len(indexes), plan.connect_batch):
        await asyncio.gather(*(connect(j) for j in indexes[i:i + plan.connect_batch]))
    report.connected = len(clients)
    report.connect_seconds = time.perf_counter() - started
    ready.set()
    while not go.is_set():
        await asyncio.sleep(0.05)
    await asyncio.sleep(plan.settle)  # presence broadcasts of the last joins die down

    by_index = dict(clients)
    senders = [by_index[i] for i in plan.senders if i in by_index] if is_sender_proc else []
    if senders:
        total = max(1, round(plan.rate * plan.seconds))
        interval = 1.0 / plan.rate
        start = time.monotonic()
        report.first_send = time.time()
        pending = []

        async def send(client, seq: int) -> None:
            try:
                ack = await client.call("chat_send", {"body": f"bench {seq} {time.time():.6f}"},
                                        namespace=NAMESPACE, timeout=30)
            except Exception as exc:
                report.send_errors.append(f"{seq}: {exc!r}")
                return
            if not (isinstance(ack, dict) and ack.get("ok")):
                report.send_errors.append(f"{seq}: {ack!r}")

        for seq in range(total):
            delay = start + seq * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.ensure_future(send(senders[seq % len(senders)], seq)))
            report.sent += 1
        await asyncio.gather(*pending)
    # wait for the deliveries to stop coming
    waited = time.monotonic()
    deadline = waited + 10 + (plan.seconds if not is_sender_proc else 0)
    last_count, quiet = -1, 0
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        quiet = quiet + 1 if len(report.latencies) == last_count else 0
        last_count = len(report.latencies)
        if quiet >= 3 and (last_count or is_sender_proc):
            break
    await asyncio.gather(*(c.disconnect() for _, c in clients), return_exceptions=True)
    return report


def _client_process(plan: ClientPlan, ready, go, is_sender_proc: bool, results) -> None:
    import logging

    logging.disable(logging.ERROR)  # python-engineio's complaints about closed sockets
    try:
        report = asyncio.run(_run_clients(plan, ready, go, is_sender_proc))
        results.put(asdict(report))
    except BaseException as exc:  # the parent must not wait forever
        ready.set()
        results.put({"crash": repr(exc)})


def run_clients(urls: list[str], cookies: list[str], event_id: int, *, senders: int,
                rate: float, seconds: float, procs: int = 1,
                timeout: float = 180.0) -> dict:
    """Connect the clients from ``procs`` processes, chat, and return the figures."""
    ctx = multiprocessing.get_context("spawn")
    n = len(urls)
    sender_ids = _spread(list(range(n)), senders)  # over the servers too (round robin urls)
    chunks = [list(range(p, n, procs)) for p in range(procs)]
    go = ctx.Event()
    results = ctx.Queue()
    readies, processes = [], []
    for p, chunk in enumerate(chunks):
        plan = ClientPlan(urls=[urls[i] for i in chunk], cookies=[cookies[i] for i in chunk],
                          event_id=event_id,
                          senders=[chunk.index(i) for i in sender_ids if i in chunk] if p == 0
                          else [], rate=rate, seconds=seconds)
        ready = ctx.Event()
        proc = ctx.Process(target=_client_process, args=(plan, ready, go, p == 0, results),
                           daemon=True)
        proc.start()
        readies.append(ready)
        processes.append(proc)
    try:
        for ready in readies:
            if not ready.wait(timeout):
                raise RuntimeError("the clients did not connect in time")
        go.set()
        reports = [results.get(timeout=timeout) for _ in processes]
    finally:
        for proc in processes:
            proc.join(5)
            if proc.is_alive():
                proc.terminate()
    crashed = [r["crash"] for r in reports if "crash" in r]
    if crashed:
        raise RuntimeError(f"a client process failed: {crashed[0]}")
    return _summarise(reports, n)


def _spread(indexes: list[int], k: int) -> list[int]:
    """``k`` indexes from the front, alternating over the servers (clients go round robin)."""
    return indexes[:max(1, min(k, len(indexes)))]


def _summarise(reports: list[dict], clients: int) -> dict:
    latencies = sorted(v for r in reports for v in r["latencies"])
    sent = sum(r["sent"] for r in reports)
    errors = [e for r in reports for e in r["send_errors"]]
    refused = [e for r in reports for e in r["refused"]]
    connected = sum(r["connected"] for r in reports)
    first = min((r["first_send"] for r in reports if r["first_send"]), default=0.0)
    last = max((r["last_receipt"] for r in reports), default=0.0)
    # per message: when its last client had it (the fan-out of that message was complete)
    slowest: dict[int, float] = {}
    for r in reports:
        for seq, t in r["per_message_max"].items():
            slowest[seq] = max(slowest.get(seq, 0.0), t)
    complete = sorted(slowest.values())
    accepted = sent - len(errors)
    expected = accepted * connected
    span = (last - first) if first and last > first else 0.0
    ms = lambda p: round(load.percentile(latencies, p) * 1000, 1)  # noqa: E731
    return {
        "clients": clients, "connected": connected, "refused": len(refused),
        "refused_examples": refused[:3], "sent": sent, "send_errors": len(errors),
        "send_error_examples": errors[:3], "deliveries": len(latencies),
        "expected": expected, "missing": max(0, expected - len(latencies)),
        "p50_ms": ms(50), "p95_ms": ms(95), "p99_ms": ms(99),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else 0.0,
        "all_clients_p50_ms": round(load.percentile(complete, 50) * 1000, 1),
        "all_clients_p99_ms": round(load.percentile(complete, 99) * 1000, 1),
        "delivered_per_s": round(len(latencies) / span, 1) if span else 0.0,
        "connect_s": round(max((r["connect_seconds"] for r in reports), default=0.0), 1),
    }


# ---------------------------------------------------------------- the benchmark

ROW = "{:<32} {:>7} {:>8} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9} {:>7}"


def header() -> str:
    line = ROW.format("live set-up", "clients", "messages", "p50 ms", "p95 ms", "p99 ms",
                      "max ms", "all p99", "deliv./s", "missing")
    return f"{line}\n{'-' * len(line)}"


def row(label: str, r: dict) -> str:
    return ROW.format(label, r["connected"], r["sent"] - r["send_errors"], r["p50_ms"],
                      r["p95_ms"], r["p99_ms"], r["max_ms"], r["all_clients_p99_ms"],
                      r["delivered_per_s"], r["missing"])


def setups(modes: list[str], processes: list[int], redis_url: str | None,
           sqlite: bool = False):
    """(label, async mode, process count, redis url) in the order they run.

    Not gevent with several processes on SQLite: a greenlet waiting for SQLite's write lock
    blocks its whole process (the busy wait is in C), so two gevent processes stall each
    other for the busy timeout. gevent is for PostgreSQL (see docs/deploy.md).
    """
    out = []
    for mode in modes:
        for count in processes:
            if count > 1 and (not redis_url or (sqlite and mode == "gevent")):
                continue
            label = f"{mode}, {count} process" + ("es + Redis" if count > 1 else "")
            out.append((label, mode, count, redis_url if count > 1 else None))
    return out


def raise_open_files(wanted: int) -> int:
    """Raise the soft limit on open files (sockets) towards ``wanted``; the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft


def run(args, out=print) -> int:
    """Run every set-up; prints a table. Returns a process exit code."""
    modes = ["threading"] + (["gevent"] if have_gevent() else [])
    if args.live_modes:
        modes = [m for m in args.live_modes.split(",") if m]
        if "gevent" in modes and not have_gevent():
            out("error: gevent is not installed (pip install -e '.[prod]')")
            return 2
    redis_url = args.live_redis_url
    if redis_url and not redis_available(redis_url):
        out(f"note: Redis at {redis_url} is not reachable: two-process set-ups skipped")
        redis_url = None
    limit = raise_open_files(max(4096, args.live_clients * 8))
    out(f"open files limit: {limit}")
    instance = tempfile.mkdtemp(prefix="community-live-")
    url = args.database_url or f"sqlite:///{instance}/live.db"
    rows = []
    try:
        out(f"generating {args.live_clients} users registered for one live masterclass ...")
        data = prepare(url, instance, users=args.live_clients, seed=args.seed,
                       reset=getattr(args, "reset_database", False))
        out(f"data: event {data.event_id}, {len(data.emails)} registered users in "
            f"{data.seconds:.1f} s ({url.split(':', 1)[0]})")
        secret = secrets.token_urlsafe(32)
        cookies: list[str] | None = None
        sqlite = url.startswith("sqlite")
        plan = setups(modes, [1, 2], redis_url, sqlite=sqlite)
        if sqlite and "gevent" in modes and redis_url:
            out("note: gevent with two processes needs PostgreSQL (--database-url): skipped")
        out(f"chat: {args.live_rate:g} messages/s for {args.live_seconds:g} s from "
            f"{args.live_senders} senders; clients in {args.live_client_procs} process(es)\n")
        printed_header = False
        for label, mode, count, queue_url in plan:
            env = live_env(instance, url, secret=secret, redis_url=queue_url, env=args.env)
            with running_servers(instance, env, count, production=(mode == "gevent"),
                                 label=f"live-{mode}-{count}") as servers:
                if cookies is None:
                    started = time.perf_counter()
                    cookies = login_all(servers[0].port, data.emails, data.password)
                    out(f"logged in {len(cookies)} users in "
                        f"{time.perf_counter() - started:.1f} s\n")
                urls = [servers[i % count].base_url for i in range(len(cookies))]
                result = run_clients(urls, cookies, data.event_id, senders=args.live_senders,
                                     rate=args.live_rate, seconds=args.live_seconds,
                                     procs=args.live_client_procs)
                usage = [s.usage() for s in servers]
            if not printed_header:
                out(header())
                printed_header = True
            out(row(label, result))
            for note in result["refused_examples"] + result["send_error_examples"]:
                out(f"    {note[:200]}")
            rows.append({"setup": label, "mode": mode, "processes": count, **result,
                         "server_usage": usage})
        for r in rows:
            out(f"\n{r['setup']}: connect {r['connect_s']} s; "
                + "; ".join(u or "?" for u in r["server_usage"]))
        if args.json:
            path = Path(args.json)
            existing = json.loads(path.read_text()) if path.exists() else {}
            existing["live"] = rows
            path.write_text(json.dumps(existing, indent=2))
        failed = [r for r in rows if r["connected"] < r["clients"] or r["missing"]
                  or r["send_errors"]]
        return 1 if failed else 0
    finally:
        if getattr(args, "keep", False):
            out(f"kept {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)


def _bounded(kind, low, high):
    def parse(text: str):
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value
    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("live rooms (bench/live.py)")
    g.add_argument("--live-clients", type=_bounded(int, 2, 20_000), default=500,
                   help="Socket.IO clients in the room, one user each (default 500)")
    g.add_argument("--live-rate", type=_bounded(float, 0.1, 1000), default=5.0,
                   help="chat messages per second (default 5)")
    g.add_argument("--live-seconds", type=_bounded(float, 1, 300), default=10.0,
                   help="seconds of chat per set-up (default 10)")
    g.add_argument("--live-senders", type=_bounded(int, 1, 1000), default=10,
                   help="clients that take turns sending (default 10)")
    g.add_argument("--live-client-procs", type=_bounded(int, 1, 16), default=1,
                   help="client processes (default 1)")
    g.add_argument("--live-modes", metavar="MODES",
                   help="comma-separated async modes: threading,gevent (default: both "
                        "when gevent is installed)")
    g.add_argument("--live-redis-url",
                   default=os.environ.get("COMMUNITY_TEST_REDIS_URL")
                   or os.environ.get("COMMUNITY_REDIS_URL") or "redis://127.0.0.1:6379/0",
                   help="Redis for the two-process set-ups (skipped when unreachable)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(p)
    p.add_argument("--database-url")
    p.add_argument("--reset-database", action="store_true")
    p.add_argument("--env", choices=("production", "development"), default="production")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\ninterrupted; the servers are stopped", file=sys.stderr)
        return 130
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
