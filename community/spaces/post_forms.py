"""Forms for posts and comments (Flask-WTF: every form carries a CSRF token).

The limits here mirror the services' (``POST_*``, ``COMMENT_BODY_MAX`` in config); the
services check again, so the API and the forms refuse the same input.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    MultipleFileField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..tags import THEMES


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PostForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        _l("Your best practice"), validators=[DataRequired(), Length(max=20_000)],
        description=_l("Markdown: **bold**, *italic*, lists and links. Mention someone with "
                       "@ and their name, for example @jan-de-vries."),
    )
    themes = MultiCheckboxField(_l("Themes"), validators=[Optional()])
    tags = StringField(_l("Other tags"), validators=[Optional(), Length(max=600)],
                       description=_l("Comma-separated. At most 12 tags in total."))
    review_on = DateField(
        _l("Review date"), validators=[Optional()],
        description=_l("After this date the post is shown as possibly outdated."),
    )
    attachments = MultipleFileField(_l("Attachments"))
    remove_attachments = MultiCheckboxField(_l("Remove attachments"), coerce=int,
                                            validators=[Optional()])
    featured = BooleanField(_l("Featured"))
    official = BooleanField(_l("Official (by the programme office)"))

    def __init__(self, *args, existing_attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale() or "nl")
        self.themes.choices = [(slug, en if locale == "en" else nl)
                               for slug, (nl, en) in THEMES.items()]
        self.remove_attachments.choices = [(a.id, a.filename) for a in existing_attachments]
        cfg = current_app.config
        self.attachments.description = _l(
            "PDF, PNG, JPEG or WebP; at most %(mb)d MB per file and %(n)d files per post.",
            mb=cfg["ATTACHMENT_MAX_BYTES"] // (1024 * 1024), n=cfg["ATTACHMENTS_PER_POST"])

    def free_tags(self) -> list[str]:
        return [t for t in (self.tags.data or "").split(",") if t.strip()]


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=5_000)])
    parent_id = HiddenField()

