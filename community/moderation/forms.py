"""Moderation forms: reporting content, moving a post."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .models import REPORT_REASONS

REASON_LABELS = {
    "spam": _l("Spam or advertising"),
    "offensive": _l("Offensive or inappropriate"),
    "off_topic": _l("Off topic for this space"),
    "outdated": _l("Outdated or incorrect"),
    "other": _l("Something else"),
}
assert set(REASON_LABELS) == set(REPORT_REASONS)


def reason_choices() -> list[tuple[str, object]]:
    return [(r, REASON_LABELS[r]) for r in REPORT_REASONS]


class ReportForm(FlaskForm):
    reason = SelectField(_l("Reason"), validators=[DataRequired()])
    note = TextAreaField(_l("Note for the moderators (optional)"),
                         validators=[Optional(), Length(max=1000)])
    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = reason_choices()


class MoveForm(FlaskForm):
    space = SelectField(_l("Move to space"), coerce=int, validators=[DataRequired()])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A moderator's button: only the CSRF token and where to go back to."""

    next = HiddenField()
