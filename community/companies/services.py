"""Company use-cases: create and edit profiles, KvK lookup, members and invitations."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from urllib.parse import urlsplit

from flask import url_for
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import func

from .. import audit, mail
from ..access import require
from ..accounts.models import User
from ..db import utcnow
from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..plugins import fire_after_commit, hook
from ..taxonomy import MUNICIPALITIES, SIZE_CLASSES, region_of, sector_of
from .models import KVK_PATTERN, Company, CompanyInvitation, CompanyMember

EDITABLE = ("name", "kvk_number", "sbi_code", "size_class", "municipality", "website",
            "description")
INVITATION_DAYS = 14


def validate_kvk(number: str | None) -> str | None:
    number = (number or "").strip().replace(" ", "")
    if not number:
        return None
    if not re.fullmatch(KVK_PATTERN, number):
        raise ValidationError(_l("A KvK number has exactly 8 digits."), field="kvk_number")
    return number


def lookup(kvk_number: str) -> dict | None:
    """Ask the plugins (the KvK plugin, when installed) about a KvK number."""
    number = validate_kvk(kvk_number)
    if number is None:
        raise ValidationError(_l("A KvK number has exactly 8 digits."), field="kvk_number")
    return hook().company_lookup(kvk_number=number)


def _clean(data: dict) -> dict:
    out: dict = {}
    for field in EDITABLE:
        if field not in data:
            continue
        value = data[field]
        value = " ".join(value.split()) if isinstance(value, str) and field != "description" \
            else (value.strip() if isinstance(value, str) else value)
        out[field] = value or None
    if "name" in out and (not out["name"] or len(out["name"]) > 160):
        raise ValidationError(_l("Enter the company name (at most 160 characters)."), field="name")
    if "kvk_number" in out:
        out["kvk_number"] = validate_kvk(out["kvk_number"])
    if out.get("sbi_code") and not re.fullmatch(r"\d{2,6}", out["sbi_code"]):
        raise ValidationError(_l("An SBI code has 2 to 6 digits."), field="sbi_code")
    if out.get("size_class") and out["size_class"] not in SIZE_CLASSES:
        raise ValidationError(_l("Choose a size class."), field="size_class")
    if out.get("municipality") and out["municipality"] not in MUNICIPALITIES:
        raise ValidationError(_l("Choose a municipality in Limburg."), field="municipality")
    if out.get("website"):
        site = out["website"]
        if "://" not in site:
            site = "https://" + site
        parts = urlsplit(site)
        if parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") \
                or len(site) > 300:
            raise ValidationError(_l("Enter a valid website address."), field="website")
        out["website"] = site
    if out.get("description") and len(out["description"]) > 5000:
        raise ValidationError(_l("At most 5000 characters."), field="description")
    return out


def _apply(company: Company, values: dict) -> None:
    for field, value in values.items():
        setattr(company, field, value)
    company.sector = sector_of(company.sbi_code)
    company.region = region_of(company.municipality)


def _unique_slug(name: str) -> str:
    base = slugify(name, max_length=150) or "bedrijf"
    slug, n = base, 2
    while db.session.scalar(db.select(Company.id).where(Company.slug == slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_kvk_free(number: str | None, company: Company | None = None) -> None:
    if not number:
        return
    other = db.session.scalar(db.select(Company).where(Company.kvk_number == number))
    if other is not None and other is not company:
        raise Conflict(_l("A company with this KvK number is already registered."),
                       field="kvk_number")


def _verify_with_registry(company: Company) -> None:
    """Mark verified when a lookup plugin confirms the number; unverified otherwise."""
    if not company.kvk_number:
        company.verification = "unverified"
        return
    found = hook().company_lookup(kvk_number=company.kvk_number)
    if found:
        company.verification = "verified"
        company.verified_source = str(found.get("source") or "registry")[:40]
        company.verified_at = utcnow()
    else:
        company.verification = "unverified"


def create_company(user, data: dict) -> Company:
    require(user, "create", "company")
    values = _clean(data)
    if not values.get("name"):
        raise ValidationError(_l("Enter the company name (at most 160 characters)."), field="name")
    _check_kvk_free(values.get("kvk_number"))
    company = Company(slug=_unique_slug(values["name"]))
    _apply(company, values)
    _verify_with_registry(company)
    db.session.add(company)
    db.session.add(CompanyMember(company=company, user=user, role="owner"))
    db.session.flush()
    audit.record("company.created", actor=user, target=company)
    fire_after_commit("on_company_created", company=company, user=user)
    db.session.commit()
    return company


def update_company(user, company: Company, data: dict) -> Company:
    require(user, "edit", company)
    values = _clean(data)
    if "name" in values and not values["name"]:
        raise ValidationError(_l("Enter the company name (at most 160 characters)."), field="name")
    number_changed = "kvk_number" in values and values["kvk_number"] != company.kvk_number
    if number_changed:
        _check_kvk_free(values["kvk_number"], company)
    _apply(company, values)
    if number_changed:
        _verify_with_registry(company)
    audit.record("company.updated", actor=user, target=company, fields=sorted(values))
    fire_after_commit("on_company_updated", company=company, user=user)
    db.session.commit()
    return company


def set_verification(actor, company: Company, state: str) -> None:
    require(actor, "admin")
    if state not in ("unverified", "verified", "rejected"):
        raise ValidationError(_l("Unknown verification state."))
    company.verification = state
    company.verified_source = "programme office" if state == "verified" else None
    company.verified_at = utcnow() if state == "verified" else None
    audit.record("company.verification", actor=actor, target=company, state=state)
    db.session.commit()


# ---------------------------------------------------------------- queries

def companies_of(user) -> list[Company]:
    return list(db.session.scalars(
        db.select(Company).join(CompanyMember)
        .where(CompanyMember.user_id == user.id).order_by(Company.name)
    ))


def members(company: Company) -> list[CompanyMember]:
    return list(db.session.scalars(
        db.select(CompanyMember).where(CompanyMember.company_id == company.id)
        .order_by(CompanyMember.role.desc(), CompanyMember.created_at)
    ))


def directory(q: str | None = None, sector: str | None = None, region: str | None = None,
              municipality: str | None = None, page: int = 1, per_page: int = 24):
    """A filtered, paginated list of companies (a Flask-SQLAlchemy Pagination)."""
    stmt = db.select(Company).order_by(Company.name, Company.id)
    if q:
        stmt = stmt.where(func.lower(Company.name).contains(q.strip().lower()[:100],
                                                            autoescape=True))
    if sector:
        stmt = stmt.where(Company.sector == sector)
    if region:
        stmt = stmt.where(Company.region == region)
    if municipality:
        stmt = stmt.where(Company.municipality == municipality)
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=100, error_out=False)


# ---------------------------------------------------------------- members

def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invite(actor, company: Company, email: str) -> CompanyInvitation:
    from ..accounts.services import normalise_email

    require(actor, "invite", company)
    email = normalise_email(email)
    existing = db.session.scalar(
        db.select(CompanyMember).join(User, User.id == CompanyMember.user_id)
        .where(CompanyMember.company_id == company.id, User.email == email)
    )
    if existing:
        raise Conflict(_l("This person is already a member of the company."), field="email")
    raw = secrets.token_urlsafe(24)
    invitation = CompanyInvitation(company=company, email=email, invited_by_id=actor.id,
                                   token_hash=_token_hash(raw),
                                   expires_at=utcnow() + dt.timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    link = mail.external_url(url_for("companies.accept_invitation", token=raw))
    mail.send_after_commit(mail.build(email, _l("Invitation to join %(company)s",
                                                 company=company.name),
                                      "company_invitation", locale=actor.locale,
                                      company=company, inviter=actor, link=link))
    audit.record("company.invited", actor=actor, target=company)
    db.session.commit()
    return invitation


def find_invitation(raw: str) -> CompanyInvitation:
    invitation = db.session.scalar(
        db.select(CompanyInvitation).where(CompanyInvitation.token_hash == _token_hash(raw or ""))
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_l("This invitation is not valid or has already been used."))
    if invitation.expires_at < utcnow():
        raise ValidationError(_l("This invitation has expired. Ask for a new one."))
    return invitation


def accept_invitation(user, raw: str) -> Company:
    invitation = find_invitation(raw)
    if invitation.email != user.email:
        raise Forbidden(_l("This invitation was sent to another e-mail address."))
    company = invitation.company
    if db.session.get(CompanyMember, (company.id, user.id)) is None:
        db.session.add(CompanyMember(company=company, user=user, role="member"))
    invitation.accepted_at = utcnow()
    audit.record("company.joined", actor=user, target=company)
    db.session.commit()
    return company


def set_member_role(actor, company: Company, user_id: int, role: str) -> None:
    require(actor, "edit", company)
    if role not in ("owner", "member"):
        raise ValidationError(_l("Unknown role."))
    member = db.session.get(CompanyMember, (company.id, user_id))
    if member is None:
        raise NotFound()
    if member.role == "owner" and role != "owner":
        _ensure_another_owner(company, user_id)
    member.role = role
    audit.record("company.member_role", actor=actor, target=company, user_id=user_id, role=role)
    db.session.commit()


def remove_member(actor, company: Company, user_id: int) -> None:
    """Owners remove members; anyone may leave. The last owner cannot leave."""
    if actor.id != user_id:
        require(actor, "edit", company)
    member = db.session.get(CompanyMember, (company.id, user_id))
    if member is None:
        raise NotFound()
    if member.role == "owner":
        _ensure_another_owner(company, user_id)
    db.session.delete(member)
    audit.record("company.member_removed", actor=actor, target=company, user_id=user_id)
    db.session.commit()


def _ensure_another_owner(company: Company, user_id: int) -> None:
    owners = db.session.scalar(
        db.select(func.count()).select_from(CompanyMember)
        .where(CompanyMember.company_id == company.id, CompanyMember.role == "owner",
               CompanyMember.user_id != user_id)
    )
    if not owners:
        raise Conflict(_l("A company needs at least one owner. Make someone else owner first."))
