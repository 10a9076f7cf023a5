"""Company forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..taxonomy import MUNICIPALITIES, SIZE_CLASSES


class CompanyForm(FlaskForm):
    kvk_number = StringField(
        _l("KvK number"), validators=[Optional(), Length(max=12)],
        description=_l("8 digits. We look up your company in the Chamber of Commerce register."),
    )
    name = StringField(_l("Company name"), validators=[DataRequired(), Length(max=160)])
    sbi_code = StringField(_l("SBI code (main activity)"), validators=[Optional(), Length(max=6)])
    size_class = SelectField(_l("Size"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("About the company"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.size_class.choices = [("", "—")] + [(k, v) for k, v in SIZE_CLASSES.items()]
        self.municipality.choices = [("", "—")] + [(m, m) for m in sorted(MUNICIPALITIES)]


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address of your colleague"),
                       validators=[DataRequired(), Length(max=254)])


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("owner", _l("Owner"))])
