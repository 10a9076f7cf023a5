"""Access rules for companies: profiles are public, changes are for owners and admins."""
from __future__ import annotations

from ..access import has_role, is_authenticated, rule
from .models import Company, CompanyMember


def company_role(user, company: Company) -> str | None:
    if not is_authenticated(user):
        return None
    from ..extensions import db

    m = db.session.get(CompanyMember, (company.id, user.id))
    return m.role if m else None


@rule("view", Company)
def view_company(user, company: Company) -> bool:
    return True


@rule("edit", Company)
def edit_company(user, company: Company) -> bool:
    return has_role(user, "admin") or company_role(user, company) == "owner"


@rule("invite", Company)
def invite_to_company(user, company: Company) -> bool:
    return edit_company(user, company)


@rule("create", "company")
def create_company(user, _) -> bool:
    return is_authenticated(user) and user.is_confirmed
