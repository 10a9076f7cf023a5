"""The knowledge square (kennisplein): questions, answers, votes, accepted and helpful
answers, reputation, expert routing and escalation."""
from .views import bp

blueprints = [bp]


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    return [(_("Questions"), url_for("qa.index"))]
