"""Reports, the moderation queue, moderator actions and new-user (trust) limits."""
from .views import bp

blueprints = [bp]


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    from ..access import can

    if not can(user, "moderate"):
        return []
    return [(_("Moderation"), url_for("moderation.queue"))]
