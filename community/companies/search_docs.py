"""How companies are searched (see ``community/search/registry.py``): every company
profile is public, so its audience is ``public``; the sector facet is its SBI section."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..search.analysis import detect_language
from ..search.registry import PUBLIC, DocFields, Document, register_document
from .models import Company


@register_document("company")
class CompanyDocument(Document):
    model = Company
    label = _l("Companies")
    watched = ("name", "description", "municipality", "sector", "sbi_code")

    def fields(self, company: Company) -> DocFields:
        body = " ".join(p for p in (company.description, company.municipality) if p)
        return DocFields(title=company.name, body=body, audience=PUBLIC,
                         language=detect_language(company.description, "nl"),
                         created=company.created_at, sector=company.sector)

    def fields_for_display(self, company: Company) -> DocFields:
        return DocFields(title=company.name, body=company.description or "", audience=PUBLIC)

    def url(self, company: Company) -> str:
        return url_for("companies.show", company_id=company.id)

    def context(self, company: Company) -> str | None:
        return company.municipality
