"""Company pages: directory, profile, create and edit (with KvK lookup), members."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..accounts.forms import EmptyForm
from ..accounts.views import form_error
from ..errors import DomainError
from ..taxonomy import MUNICIPALITIES, REGIONS, SECTORS, SIZE_CLASSES
from . import services
from .forms import CompanyForm, InviteForm, MemberRoleForm
from .models import Company
from .policy import company_role

bp = Blueprint("companies", __name__, template_folder="templates")


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


@bp.route("/companies")
def directory():
    sector = request.args.get("sector") if request.args.get("sector") in SECTORS else None
    region = request.args.get("region") if request.args.get("region") in REGIONS else None
    municipality = request.args.get("municipality")
    municipality = municipality if municipality in MUNICIPALITIES else None
    q = (request.args.get("q") or "").strip()[:100]
    pagination = services.directory(q=q, sector=sector, region=region,
                                    municipality=municipality, page=_page_arg())
    return render_template("companies/directory.html", pagination=pagination, q=q,
                           sector=sector, region=region, municipality=municipality,
                           sectors=SECTORS, regions=REGIONS, municipalities=sorted(MUNICIPALITIES))


def _load(company_id: int) -> Company:
    return access.get_visible(current_user, Company, company_id)


@bp.route("/companies/<int:company_id>")
def show(company_id: int):
    company = _load(company_id)
    return render_template(
        "companies/show.html", company=company, members=services.members(company),
        my_role=company_role(current_user, company), sectors=SECTORS, regions=REGIONS,
        size_classes=SIZE_CLASSES, can_edit=access.can(current_user, "edit", company),
        is_admin=access.can(current_user, "admin"),
        invite_form=InviteForm(), empty_form=EmptyForm(), role_form=MemberRoleForm(),
    )


def _form_data(form: CompanyForm) -> dict:
    return {f: getattr(form, f).data for f in services.EDITABLE}


def _prefill_from_lookup(form: CompanyForm) -> None:
    """The 'look up' button: fill empty fields from the registry, save nothing."""
    try:
        found = services.lookup(form.kvk_number.data)
    except DomainError as exc:
        form_error(form, exc)
        return
    if not found:
        flash(_("We could not find this number in the register. You can enter the details "
                "yourself."), "info")
        return
    form.name.data = form.name.data or found.get("name")
    form.sbi_code.data = form.sbi_code.data or found.get("sbi_code")
    city = found.get("city")
    if not form.municipality.data and city in MUNICIPALITIES:
        form.municipality.data = city
    flash(_("Found in the register: %(name)s. Check the details and save.",
            name=found.get("name") or ""), "success")


@bp.route("/companies/new", methods=["GET", "POST"])
@login_required
def create():
    access.require(current_user, "create", "company")
    form = CompanyForm()
    status = 200
    if form.is_submitted() and request.form.get("action") == "lookup":
        if form.validate():
            _prefill_from_lookup(form)
        return render_template("companies/form.html", form=form, company=None), 200
    if form.validate_on_submit():
        try:
            company = services.create_company(current_user, _form_data(form))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The company profile is created."), "success")
            return redirect(url_for("companies.show", company_id=company.id))
    elif form.is_submitted():
        status = 400
    return render_template("companies/form.html", form=form, company=None), status


@bp.route("/companies/<int:company_id>/edit", methods=["GET", "POST"])
@login_required
def edit(company_id: int):
    company = _load(company_id)
    access.require(current_user, "edit", company)
    form = CompanyForm(obj=company)
    status = 200
    if form.is_submitted() and request.form.get("action") == "lookup":
        if form.validate():
            _prefill_from_lookup(form)
        return render_template("companies/form.html", form=form, company=company), 200
    if form.validate_on_submit():
        try:
            services.update_company(current_user, company, _form_data(form))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The company profile is saved."), "success")
            return redirect(url_for("companies.show", company_id=company.id))
    elif form.is_submitted():
        status = 400
    return render_template("companies/form.html", form=form, company=company), status


@bp.route("/companies/<int:company_id>/invite", methods=["POST"])
@login_required
def invite(company_id: int):
    company = _load(company_id)
    access.require(current_user, "invite", company)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("Enter a valid e-mail address."), "error")
        return redirect(url_for("companies.show", company_id=company.id)), 303
    services.invite(current_user, company, form.email.data)
    flash(_("The invitation is sent."), "success")
    return redirect(url_for("companies.show", company_id=company.id))


@bp.route("/companies/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):
    invitation = services.find_invitation(token)
    form = EmptyForm()
    if form.validate_on_submit():
        company = services.accept_invitation(current_user, token)
        flash(_("You are now a member of %(company)s.", company=company.name), "success")
        return redirect(url_for("companies.show", company_id=company.id))
    return render_template("companies/invitation.html", invitation=invitation, form=form)


@bp.route("/companies/<int:company_id>/members/<int:user_id>/role", methods=["POST"])
@login_required
def member_role(company_id: int, user_id: int):
    company = _load(company_id)
    access.require(current_user, "edit", company)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_member_role(current_user, company, user_id, form.role.data)
    flash(_("The role is changed."), "success")
    return redirect(url_for("companies.show", company_id=company.id))


@bp.route("/companies/<int:company_id>/members/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_member(company_id: int, user_id: int):
    company = _load(company_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.remove_member(current_user, company, user_id)
    if user_id == current_user.id:
        flash(_("You left %(company)s.", company=company.name), "success")
        return redirect(url_for("companies.directory"))
    flash(_("The member is removed."), "success")
    return redirect(url_for("companies.show", company_id=company.id))


@bp.route("/companies/<int:company_id>/verification", methods=["POST"])
@login_required
def verification(company_id: int):
    """The programme office confirms (or rejects) a company by hand."""
    company = _load(company_id)
    access.require(current_user, "admin")
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.set_verification(current_user, company, request.form.get("state", ""))
    flash(_("The verification state is changed."), "success")
    return redirect(url_for("companies.show", company_id=company.id))
