"""``python -m bench``: generate data, start a server, measure every scenario, print a table."""
from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict

from . import datagen, datagen_content, load, scenarios, server


def _bounded(kind, low, high):
    def parse(text: str):
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value
    return parse


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--companies", type=_bounded(int, 0, 1_000_000), default=3000)
    p.add_argument("--users", type=_bounded(int, 1, 1_000_000), default=6000)
    p.add_argument("--posts", type=_bounded(int, 0, 5_000_000), default=100_000,
                   help="best-practice posts in 50 spaces (default 100000)")
    p.add_argument("--questions", type=_bounded(int, 0, 5_000_000), default=20_000,
                   help="Q&A questions, ~30%% unanswered (default 20000)")
    p.add_argument("--duration", type=_bounded(float, 1, 300), default=10.0,
                   help="seconds of load per scenario (default 10)")
    p.add_argument("--warmup", type=_bounded(float, 0, 60), default=1.0,
                   help="seconds of unmeasured load before each scenario (default 1)")
    p.add_argument("--connections", type=_bounded(int, 1, 256), default=8,
                   help="concurrent keep-alive connections (default 8)")
    p.add_argument("--threads", type=_bounded(int, 1, 64), default=2,
                   help="wrk threads (default 2)")
    p.add_argument("--loader", choices=("auto", "wrk", "python"), default="auto",
                   help="load generator; auto uses wrk when it is on PATH")
    p.add_argument("--scenarios", metavar="KEYS",
                   help="comma-separated subset of: "
                        + ", ".join(s.key for s in scenarios.SCENARIOS))
    p.add_argument("--database-url", help="use this database (e.g. PostgreSQL) instead of "
                                          "a fresh SQLite file; it must be empty")
    p.add_argument("--reset-database", action="store_true",
                   help="drop the schema of --database-url first (destroys its data)")
    p.add_argument("--env", choices=("production", "development"), default="production",
                   help="COMMUNITY_ENV of the server (default production)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary instance folder (database, server.log)")
    p.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    p.add_argument("--search-docs", type=_bounded(int, 0, 2_000_000), default=100_000,
                   help="documents for the search benchmark (bench/search_bench.py) run "
                        "after the pages; 0 skips it (default 100000)")
    p.add_argument("--search-only", action="store_true",
                   help="run only the search benchmark")
    p.add_argument("--live", dest="live", action="store_true", default=True,
                   help="run the live-room benchmark (bench/live.py) after the others "
                        "(the default)")
    p.add_argument("--no-live", dest="live", action="store_false",
                   help="skip the live-room benchmark")
    p.add_argument("--live-only", action="store_true",
                   help="run only the live-room benchmark")
    from . import live

    live.add_arguments(p)
    return p.parse_args(argv)


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


ROW = "{:<32} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7}"


def _header() -> str:
    line = ROW.format("scenario", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms",
                      "max ms", "errors")
    return f"{line}\n{'-' * len(line)}"


def _row(label: str, r: load.Result) -> str:
    return ROW.format(label, r.requests, f"{r.rps:.1f}", f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}",
                      f"{r.p99_ms:.1f}", f"{r.max_ms:.1f}", r.errors)


def measure(args, chosen, data: datagen.Dataset, srv: server.Server) -> list[dict]:
    use_wrk = args.loader == "wrk" or (args.loader == "auto" and load.have_wrk())
    if args.loader == "wrk" and not load.have_wrk():
        raise RuntimeError("wrk is not on PATH (Debian package 'wrk')")
    print(f"load: {'wrk' if use_wrk else 'python workers'}, {args.connections} connections, "
          f"{args.duration:g} s per scenario after {args.warmup:g} s warm-up\n", flush=True)

    def run(paths, headers, seconds):
        if use_wrk:
            return load.run_wrk(server.HOST, srv.port, paths, headers,
                                connections=args.connections, duration=seconds,
                                threads=args.threads)
        return load.run_python(server.HOST, srv.port, paths, headers,
                               connections=args.connections, duration=seconds)

    cookie = None
    if any(s.logged_in for s in chosen):
        cookie = load.login_cookie(server.HOST, srv.port, data.login_email, data.password)
    print(_header(), flush=True)
    rows = []
    for s in chosen:
        paths = s.paths(data)
        if not paths:
            print(f"{s.label:<32} skipped: no generated data for it", flush=True)
            continue
        headers = {"Cookie": cookie} if s.logged_in else {}
        load.preflight(server.HOST, srv.port, paths, headers, s.logged_in)
        if args.warmup:
            run(paths, headers, args.warmup)
        result = run(paths, headers, args.duration)
        print(_row(s.label, result), flush=True)
        rows.append({"scenario": s.key, "label": s.label, **asdict(result),
                     "rps": round(result.rps, 1)})
    return rows


def _search(args) -> int:
    if not args.search_docs:
        return 0
    from . import search_bench

    print(f"\n== search: {args.search_docs:,} documents ==", flush=True)
    return search_bench.run(args.search_docs, seed=args.seed)


def _live(args) -> int:
    if not (args.live or args.live_only):
        return 0
    from . import live

    print(f"\n== live rooms: {args.live_clients} Socket.IO clients in one room ==", flush=True)
    try:
        return live.run(args, out=lambda text: print(text, flush=True))
    except KeyboardInterrupt:
        print("\ninterrupted; the servers are stopped", file=sys.stderr)
        return 130
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.live_only:
        return _live(args)
    if args.search_only:
        return _search(args)
    code = _pages(args)
    code = code or _search(args)
    return code or _live(args)


def _pages(args) -> int:
    try:
        chosen = scenarios.select(args.scenarios)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _on_sigterm)
    instance = tempfile.mkdtemp(prefix="community-bench-")
    url = args.database_url or f"sqlite:///{instance}/bench.db"
    try:
        print(f"generating {args.companies} companies and {args.users} users ...", flush=True)
        data = datagen.generate(url, instance, companies=args.companies, users=args.users,
                                seed=args.seed, reset=args.reset_database)
        print(f"data: {data.companies} companies, {data.users} users, {data.memberships} "
              f"memberships in {data.seconds:.1f} s ({url.split(':', 1)[0]})", flush=True)
        content = datagen_content.generate(data, instance, posts=args.posts,
                                           questions=args.questions, seed=args.seed)
        print(f"content: {content.spaces} spaces, {content.posts} posts, {content.comments} "
              f"comments, {content.reactions} reactions, {content.questions} questions "
              f"({content.unanswered} unanswered), {content.answers} answers, "
              f"{content.qa_comments} Q&A comments, {content.votes} votes in "
              f"{content.seconds:.1f} s", flush=True)
        started = time.perf_counter()
        with server.running_server(instance, url, env=args.env) as srv:
            print(f"server: {srv.base_url} (COMMUNITY_ENV={args.env}, pid {srv.process.pid}, "
                  f"healthy after {time.perf_counter() - started:.1f} s)", flush=True)
            rows = measure(args, chosen, data, srv)
            usage = srv.usage()
        if usage:
            print(f"\nserver process: {usage}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"companies": data.companies, "users": data.users,
                           "connections": args.connections, "duration": args.duration,
                           "env": args.env, "content": asdict(content), "results": rows},
                          f, indent=2)
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; the server is stopped", file=sys.stderr)
        return 130
    except (RuntimeError, datagen.DatabaseNotEmpty) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
