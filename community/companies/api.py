"""API: the public company directory."""
from __future__ import annotations

from flask_login import AnonymousUserMixin
from marshmallow import Schema, fields, validate

from .. import access
from ..api import api_user, make_blueprint
from ..api.schemas import PageArgs
from ..taxonomy import REGIONS, SECTORS
from . import services
from .models import Company

blp = make_blueprint("companies_api", __name__, "/companies", description="Companies")


class CompanySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kvk_number = fields.String(allow_none=True)
    sbi_code = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)
    size_class = fields.String(allow_none=True)
    municipality = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    verification = fields.String()
    created_at = fields.DateTime()


class CompanyListArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=100))
    sector = fields.String(validate=validate.OneOf(list(SECTORS)))
    region = fields.String(validate=validate.OneOf(list(REGIONS)))
    municipality = fields.String(validate=validate.Length(max=60))


class CompanyPageSchema(Schema):
    items = fields.List(fields.Nested(CompanySchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


@blp.route("")
@blp.arguments(CompanyListArgs, location="query")
@blp.response(200, CompanyPageSchema)
def list_companies(args):
    """Companies in the directory, filtered and paginated."""
    page = services.directory(q=args.get("q"), sector=args.get("sector"),
                              region=args.get("region"), municipality=args.get("municipality"),
                              page=args["page"], per_page=args["per_page"])
    return {"items": page.items, "page": page.page, "pages": page.pages, "total": page.total}


@blp.route("/<int:company_id>")
@blp.response(200, CompanySchema)
@blp.alt_response(404, description="Not found or not visible")
def get_company(company_id: int):
    """One company."""
    return access.get_visible(api_user() or AnonymousUserMixin(), Company, company_id)
