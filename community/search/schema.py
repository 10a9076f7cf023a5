"""The Whoosh schema: one document per searchable object, whatever its type.

Text goes into the fields of the document's language only (``title_nl``/``body_nl`` or
``title_en``/``body_en``); the query parser searches all four, each with its own analyzer,
so a Dutch query meets Dutch stems and English documents still match English stems.

Nothing of the text is stored: hits are loaded from the database (the source of truth)
and snippets are highlighted on the database text, so a stale index can never show stale
text. ``audience`` says who may see a document (see ``registry.Document.audience``) and is
matched against what the searching user may see, computed from the database per request.
"""
from __future__ import annotations

from whoosh import columns, fields

from .analysis import language_analyzer, plain_analyzer, prefix_analyzer

TEXT_FIELDS = ("title_nl", "body_nl", "title_en", "body_en")
FIELD_BOOSTS = {"title_nl": 2.5, "title_en": 2.5}
SCHEMA_VERSION = 2  # bump when the schema changes: the index is rebuilt on next use


def build_schema() -> fields.Schema:
    nl, en = language_analyzer("nl"), language_analyzer("en")
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),  # "post:12"
        type=fields.ID(stored=True, sortable=True),
        lang=fields.ID(stored=True),
        title_nl=fields.TEXT(analyzer=nl),
        body_nl=fields.TEXT(analyzer=nl),
        title_en=fields.TEXT(analyzer=en),
        body_en=fields.TEXT(analyzer=en),
        title_ac=fields.TEXT(analyzer=prefix_analyzer(), phrase=False),
        spell=fields.TEXT(analyzer=plain_analyzer(), phrase=False),
        audience=fields.ID,
        space=fields.ID(sortable=True),
        tags=fields.KEYWORD(commas=True, lowercase=True),  # for filtering
        tagcol=fields.COLUMN(columns.VarBytesColumn()),  # the same, "a,b", for the facet
        sector=fields.ID(sortable=True),
        created=fields.DATETIME(sortable=True),
    )
