"""Spaces, memberships, best-practice posts, comments and reactions."""
from .post_views import bp as posts_bp
from .views import bp

blueprints = [bp, posts_bp]


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    return [(_("Spaces"), url_for("spaces.index"))]
