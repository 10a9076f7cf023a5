"""Account pages: register, confirm, log in/out, password reset, settings, profiles."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import access
from ..errors import DomainError
from ..extensions import db, limiter
from ..security import safe_next
from ..taxonomy import MUNICIPALITIES
from . import avatars, services, sessions
from .forms import (
    AvatarForm,
    ChangeEmailForm,
    ChangePasswordForm,
    EmptyForm,
    ForgotForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetForm,
    TokenForm,
)
from .models import ROLE_LABELS, User

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.app_context_processor
def _role_labels():
    return {"role_labels": ROLE_LABELS}


def _limit(key: str):
    return lambda: current_app.config[key]


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _password_check_key() -> str:
    return f"password-check:{current_user.get_id() or request.remote_addr}"


# Settings forms that ask for the current password are a password oracle too: wrong answers
# count per account (shared by both forms), like wrong passwords at login.
_password_check_limit = limiter.shared_limit(
    _limit("RATELIMIT_LOGIN_ACCOUNT"), scope="password-check", methods=["POST"],
    key_func=_password_check_key, deduct_when=lambda response: response.status_code == 400,
)


def _end_browser_session() -> None:
    """Forget everything in the cookie except the chosen language (a preference, not a
    credential), so the next page is not suddenly in another language."""
    locale = session.get("locale")
    session.clear()
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale


def form_error(form, exc: DomainError) -> int:
    """Show a domain error on the form field it concerns (or as a page message)."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, str(exc.message)]
    else:
        flash(str(exc.message), "error")
    return exc.status


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_REGISTER"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.register(form.email.data, form.name.data, form.password.data,
                              locale=str(session.get("locale") or "nl"))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Welcome! We sent you an e-mail to confirm your address."), "success")
            return redirect(url_for("accounts.login"))
    elif form.is_submitted():
        status = 400
    return render_template("accounts/register.html", form=form), status


@bp.route("/confirm/<token>")
def confirm(token: str):
    try:
        services.confirm(token)
    except DomainError as exc:
        return render_template("accounts/message.html", message=exc.message), exc.status
    flash(_("Your e-mail address is confirmed."), "success")
    return redirect(url_for("site.home") if current_user.is_authenticated
                    else url_for("accounts.login"))


@bp.route("/confirm/resend", methods=["POST"])
@login_required
@limiter.limit(_limit("RATELIMIT_RESET"))
def resend_confirmation():
    services.resend_confirmation(current_user)
    flash(_("We sent you a new confirmation e-mail."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN"), methods=["POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_ACCOUNT"), methods=["POST"], key_func=_login_account_key)
def login():
    form = LoginForm()
    target = safe_next(request.values.get("next"), url_for("site.home"))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            previous = sessions.current_key_hash()
            session.clear()  # nothing from before the login survives it
            key = services.log_in(user, request.user_agent.string, replaces=previous)
            session[sessions.SESSION_KEY] = key
            session["locale"] = user.locale
            session.permanent = True
            login_user(user)
            return redirect(target)
    elif form.is_submitted():
        status = 400
    return render_template("accounts/login.html", form=form, next=target), status


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.log_out(current_user, sessions.current_key_hash())
    logout_user()
    _end_browser_session()
    flash(_("You are logged out."), "success")
    return redirect(url_for("site.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_RESET"), methods=["POST"])
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account exists for this address, we sent it a link to choose a new "
                "password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 400 if form.is_submitted() else 200


_RESET_TOKEN = "reset_token"  # noqa: S105  (a session key name, not a secret)


def _link_error(exc: DomainError):
    return render_template("accounts/message.html", message=exc.message,
                           link=url_for("accounts.forgot_password")), exc.status


@bp.route("/password/reset/<token>")
def reset_password(token: str):
    """The e-mailed link: check it, keep the token in the session and continue on an address
    without it, so the form's requests (and whatever they log) never carry the token."""
    try:
        services.check_reset_token(token)
    except DomainError as exc:
        return _link_error(exc)
    session[_RESET_TOKEN] = token
    return redirect(url_for("accounts.choose_password"))


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_RESET"), methods=["POST"])
def choose_password():
    token = session.get(_RESET_TOKEN) or ""
    try:
        services.check_reset_token(token)  # checked again: it may have expired or been used
    except DomainError as exc:
        session.pop(_RESET_TOKEN, None)
        return _link_error(exc)
    form = ResetForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            logout_user()
            _end_browser_session()
            flash(_("Your password is changed. You can log in now."), "success")
            return redirect(url_for("accounts.login"))
    elif form.is_submitted():
        status = 400
    return render_template("accounts/reset.html", form=form), status


# ---------------------------------------------------------------- settings

def _settings_forms(user: User) -> dict:
    profile = ProfileForm(obj=user, prefix="profile")
    profile.municipality.choices = [("", "—")] + [(m, m) for m in sorted(MUNICIPALITIES)]
    if not profile.is_submitted() or not profile.expertise.raw_data:
        # (``obj=user`` would otherwise put the Tag objects themselves in the text field)
        profile.expertise.data = ", ".join(t.label for t in user.expertise)
    return {
        "profile_form": profile,
        "avatar_form": AvatarForm(prefix="avatar"),
        "password_form": ChangePasswordForm(prefix="password"),
        "email_form": ChangeEmailForm(prefix="email"),
        "token_form": TokenForm(prefix="token"),
        "empty_form": EmptyForm(),
    }


def _render_settings(status: int = 200, **extra):
    forms = _settings_forms(current_user)
    forms.update(extra)
    return render_template(
        "accounts/settings.html",
        sessions=sessions.live_sessions(current_user),
        current_session=sessions.current_key_hash(),
        tokens=services.api_tokens(current_user),
        **forms,
    ), status


@bp.route("/settings")
@login_required
def settings():
    return _render_settings()


@bp.route("/settings/profile", methods=["POST"])
@login_required
def update_profile():
    forms = _settings_forms(current_user)
    form = forms["profile_form"]
    if not form.validate_on_submit():
        return _render_settings(400, profile_form=form)
    data = {f: getattr(form, f).data for f in services.PROFILE_FIELDS}
    # A form without the expertise field leaves the expertise as it is.
    expertise = (form.expertise.data or "") if form.expertise.raw_data else None
    try:
        services.update_profile(current_user, current_user, data, expertise=expertise)
    except DomainError as exc:
        return _render_settings(form_error(form, exc), profile_form=form)
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/settings/avatar", methods=["POST"])
@login_required
def update_avatar():
    form = AvatarForm(prefix="avatar")
    if not form.validate_on_submit():
        return _render_settings(400, avatar_form=form)
    try:
        services.set_avatar(current_user, current_user, form.avatar.data.stream)
    except DomainError as exc:
        return _render_settings(form_error(form, exc), avatar_form=form)
    flash(_("Your profile photo is saved."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/settings/password", methods=["POST"])
@login_required
@_password_check_limit
def change_password():
    form = ChangePasswordForm(prefix="password")
    if not form.validate_on_submit():
        return _render_settings(400, password_form=form)
    try:
        ended = services.change_password(current_user, form.current_password.data,
                                         form.password.data, sessions.current_key_hash())
    except DomainError as exc:
        return _render_settings(form_error(form, exc), password_form=form)
    flash(_("Your password is changed. %(n)d other sessions were ended.", n=ended), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/settings/email", methods=["POST"])
@login_required
@_password_check_limit
def change_email():
    form = ChangeEmailForm(prefix="email")
    if not form.validate_on_submit():
        return _render_settings(400, email_form=form)
    try:
        services.change_email(current_user, form.current_password.data, form.email.data)
    except DomainError as exc:
        return _render_settings(form_error(form, exc), email_form=form)
    flash(_("Your e-mail address is changed. Please confirm the new address."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/settings/sessions/end", methods=["POST"])
@login_required
def end_sessions():
    if not EmptyForm().validate_on_submit():
        abort(400)
    n = services.end_other_sessions(current_user, sessions.current_key_hash())
    flash(_("%(n)d other sessions were ended.", n=n), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/settings/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm(prefix="token")
    if not form.validate_on_submit():
        return _render_settings(400, token_form=form)
    _token, raw = services.create_api_token(current_user, form.name.data, form.scope.data)
    return _render_settings(201, new_token=raw)


@bp.route("/settings/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.revoke_api_token(current_user, token_id)
    flash(_("The token is revoked."), "success")
    return redirect(url_for("accounts.settings"))


# ---------------------------------------------------------------- profiles

@bp.route("/people/<int:user_id>")
def profile(user_id: int):
    user = access.get_visible(current_user, User, user_id)
    from ..companies.services import companies_of

    return render_template("accounts/profile.html", person=user, companies=companies_of(user))


@bp.route("/avatars/<name>")
def avatar(name: str):
    owner = db.session.scalar(db.select(User).where(User.avatar_file == name))
    if owner is None or not access.can(current_user, "view", owner):
        abort(404)
    return send_from_directory(avatars.folder(), name, mimetype="image/png", max_age=3600)
