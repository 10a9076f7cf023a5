"""Space forms (Flask-WTF: every form carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .models import FEEDBACK_STATES, FLAG_STATES

VISIBILITY_LABELS = {
    "open": _l("Open: anyone sees the space and can join"),
    "members": _l("Members only: anyone reads along, members post"),
    "private": _l("Private: listed, content for members, join by request"),
    "secret": _l("Secret: invisible to non-members, by invitation only"),
}
FEEDBACK_LABELS = {"new": _l("New"), "planned": _l("Planned"), "done": _l("Done")}
FLAG_LABELS = {"off": _l("Off"), "early_birds": _l("Early Birds only"),
               "everyone": _l("Everyone")}


class SpaceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000)],
        description=_l("What the space is about. Markdown is allowed."))
    rules = TextAreaField(
        _l("Rules"), validators=[Optional(), Length(max=5000)],
        description=_l("How members treat each other here. Markdown is allowed."))
    visibility = SelectField(_l("Who can see the space"))

    def __init__(self, *args, allow_secret: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        keys = [k for k in VISIBILITY_LABELS if allow_secret or k != "secret"]
        self.visibility.choices = [(k, VISIBILITY_LABELS[k]) for k in keys]


class CoverForm(FlaskForm):
    cover = FileField(_l("Cover image"), validators=[DataRequired()],
                      description=_l("JPEG, PNG or WebP, at most 5 MB. Shown at the top of "
                                     "the space."))


class JoinRequestForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the space admins"), validators=[Optional()],
        render_kw={"maxlength": 500},
        description=_l("Optional: tell them who you are and why you would like to join."))


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(), Length(max=254)],
        description=_l("A member of the community gets the invitation in the app; anyone "
                       "else gets it by e-mail."))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[("member", _l("Member")),
                                            ("admin", _l("Space admin"))])


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])


class FeedbackForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Your feedback"), validators=[Optional(), Length(max=5000)])


class FeedbackStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[(s, FEEDBACK_LABELS[s]) for s in FEEDBACK_STATES])


class FlagForm(FlaskForm):
    name = StringField(_l("Flag name"), validators=[DataRequired(), Length(max=60)])
    state = SelectField(_l("State"), choices=[(s, FLAG_LABELS[s]) for s in FLAG_STATES])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=300)])
