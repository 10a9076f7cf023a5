"""Forms for the notification settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

EMAIL_MODE_CHOICES = [
    ("instant", _l("Right away: one e-mail per notification")),
    ("daily", _l("Once a day: a daily summary")),
    ("weekly", _l("Once a week: a weekly summary")),
    ("off", _l("Never: only in the notifications inbox")),
]


class PreferencesForm(FlaskForm):
    email_mode = RadioField(_l("E-mail me about notifications"), choices=EMAIL_MODE_CHOICES,
                            validators=[InputRequired()])
