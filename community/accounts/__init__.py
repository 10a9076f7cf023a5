"""Users, roles, authentication, sessions and API tokens."""
from flask import session
from flask_babel import lazy_gettext as _l

from ..extensions import login_manager
from . import sessions
from .views import bp

blueprints = [bp]

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(user_id: str):
    return sessions.resolve(user_id, session.get(sessions.SESSION_KEY))
