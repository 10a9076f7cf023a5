"""``community events remind``: reminder e-mails before events (run it every few minutes
from cron; it is idempotent)."""
from __future__ import annotations

import click
from flask import current_app

from .views import bp


@bp.cli.command("remind")
def remind_cmd() -> None:
    """E-mail registered attendees EVENT_REMINDER_HOURS before the start (each reminder
    once per registration; cancelled events and registrations are skipped)."""
    from .reminders import send_due

    with current_app.test_request_context(
            "/", base_url=current_app.config["SERVER_NAME_FOR_MAIL"]):
        sent = send_due()
    click.echo(f"sent {len(sent)} reminder(s)")
