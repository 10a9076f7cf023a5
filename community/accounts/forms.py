"""Account forms (Flask-WTF: every form carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=256)],
        description=_l("At least 12 characters. A few unrelated words work well."),
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])


class ChangeEmailForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    email = EmailField(_l("New e-mail address"), validators=[DataRequired(), Length(max=254)])


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    expertise = StringField(
        _l("Expertise"), validators=[Optional(), Length(max=500)],
        description=_l("Comma-separated, for example: export, financiering, webshops"),
    )
    bio = TextAreaField(_l("About me"), validators=[Optional(), Length(max=4000)])
    visibility = SelectField(
        _l("Who can see my profile"),
        choices=[("public", _l("Everyone")), ("members", _l("Logged-in members")),
                 ("private", _l("Only me and the programme office"))],
    )


class AvatarForm(FlaskForm):
    avatar = FileField(_l("Profile photo"), validators=[DataRequired()],
                       description=_l("JPEG, PNG or WebP, at most 2 MB."))


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    scope = SelectField(_l("Access"), choices=[("read", _l("Read only")),
                                              ("write", _l("Read and write"))])


class EmptyForm(FlaskForm):
    """Only a CSRF token: for buttons that change something (log out, revoke)."""


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[("nl", "Nederlands"), ("en", "English")])
