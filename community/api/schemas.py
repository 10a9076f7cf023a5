"""Schemas shared by several API modules."""
from marshmallow import Schema, fields, validate


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ErrorSchema(Schema):
    status = fields.Integer()
    message = fields.String()
