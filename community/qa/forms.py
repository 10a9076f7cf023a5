"""Forms of the knowledge square (Flask-WTF: every form carries a CSRF token). The
services check the limits again, so the API and the forms refuse the same input."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..taxonomy import SECTORS


class QuestionForm(FlaskForm):
    title = StringField(
        _l("Your question"), validators=[DataRequired(), Length(max=200)],
        description=_l("One sentence, for example: Which subsidy helps me automate my "
                       "production?"),
        render_kw={"autocomplete": "off", "data-similar": "1"})
    body = TextAreaField(
        _l("Explain your question"), validators=[DataRequired(), Length(max=20_000)],
        description=_l("Markdown: **bold**, *italic*, lists and links."))
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=400)],
                       description=_l("Comma-separated, for example: subsidie, export. "
                                      "At most 8."))
    sector = SelectField(_l("Sector"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = [("", _l("No particular sector"))] + [
            (key, str(label)) for key, label in SECTORS.items()]


class AnswerForm(FlaskForm):
    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=20_000)],
                         description=_l("Markdown: **bold**, *italic*, lists and links."))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=2_000)])
    answer_id = HiddenField()


class CloseForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])
    duplicate_of = IntegerField(_l("Duplicate of question number"),
                                validators=[Optional(), NumberRange(min=1)])


class TagsForm(FlaskForm):
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=400)])
