"""Companies, their members and invitations."""
from .views import bp

blueprints = [bp]


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    return [(_("Companies"), url_for("companies.directory"))]
