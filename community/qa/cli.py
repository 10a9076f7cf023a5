"""``community qa escalate``: escalate questions unanswered for too long."""
from __future__ import annotations

import click

from .views import bp


@bp.cli.command("escalate")
def escalate_cmd() -> None:
    """Send questions without an answer after QA_ESCALATE_AFTER_HOURS to the programme
    office and offer their askers help offline (run it hourly, e.g. from cron)."""
    from .routing import escalate

    done = escalate()
    click.echo(f"escalated {len(done)} question(s)")
