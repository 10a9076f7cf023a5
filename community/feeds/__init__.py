"""Following (spaces, posts, tags, people), the activity log, the home feed and the
per-space activity stream."""
from .views import bp

blueprints = [bp]


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    if not getattr(user, "is_authenticated", False):
        return []
    return [(_("Feed"), url_for("feeds.home"))]
