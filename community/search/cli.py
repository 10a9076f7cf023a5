"""``community search ...``: reindex, drain, check, stats and what people look for."""
from __future__ import annotations

import click

from .views import bp


@bp.cli.command("reindex")
@click.option("--procs", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Writer processes for the bulk build")
def reindex(procs: int) -> None:
    """Rebuild the index from the database and switch to it (searches go on meanwhile)."""
    from .maintenance import rebuild

    stats = rebuild(procs=procs)
    click.echo(f"indexed {stats.documents} documents in {stats.seconds:.1f} s")


@bp.cli.command("drain")
def drain_cmd() -> None:
    """Index what is waiting in the queue (waits for the writer lock up to 60 s)."""
    from .maintenance import ensure, store
    from .queue import drain

    st = store()
    ensure(st)
    click.echo(f"indexed {drain(st, timeout=60.0)} queued documents")


@bp.cli.command("check")
def check() -> None:
    """Check that the index can be read; rebuild it if not."""
    from .maintenance import ensure, store

    st = store()
    ok = st.check()
    ensure(st)
    click.echo("index ok" if ok else "index was missing or unusable: rebuilt")


@bp.cli.command("stats")
def stats() -> None:
    """Documents per type, index size on disk and queue length."""
    import sqlalchemy as sa

    from ..extensions import db
    from .maintenance import ensure, store
    from .models import SearchQueue

    st = store()
    ensure(st)
    with st.searcher() as s:
        counts: dict[str, int] = {}
        for doc in s.all_stored_fields():
            counts[doc["type"]] = counts.get(doc["type"], 0) + 1
    size = sum(f.stat().st_size for f in st.path.iterdir() if f.is_file())
    queued = db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue))
    for name, n in sorted(counts.items()):
        click.echo(f"{name:<12} {n:>9}")
    click.echo(f"index size {size / 1_048_576:.1f} MiB in {st.path}; queue {queued}")


@bp.cli.command("queries")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3650))
@click.option("--zero", is_flag=True, help="Only searches that found nothing")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
def queries(days: int, zero: bool, limit: int) -> None:
    """What people searched for (anonymised), most frequent first."""
    from .services import top_queries

    for row in top_queries(days=days, zero_results=zero, limit=limit):
        click.echo(f"{row.n:>6}  {float(row.avg_results):>8.1f}  {row.query}")
