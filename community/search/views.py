"""The search page (``/search``) and the title autocomplete (``/search/suggest``, JSON)."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from ..errors import DomainError
from . import services
from .query import DATE_LABELS, Filters, QueryError

bp = Blueprint("search", __name__, template_folder="templates", cli_group="search")

FACET_PARAMS = ("type", "space", "tag", "sector", "date")


def filters_from(args) -> Filters:
    """Filters from query-string arguments; a malformed value is a ``QueryError``."""
    space = args.get("space") or None
    if space is not None and not (space.isdigit() and len(space) < 10):
        raise QueryError(services.unknown_space(space))
    return Filters(doc_type=args.get("type") or None,
                   space_id=int(space) if space is not None else None,
                   tag=args.get("tag") or None, sector=args.get("sector") or None,
                   date=args.get("date") or None)


def page_from(args) -> int:
    raw = args.get("page", "1")
    if not raw.isdigit() or len(raw) > 6:
        raise QueryError(services.page_message())
    return int(raw)


@bp.route("/search")
def page():
    text = request.args.get("q", "")
    context = {"q": text[:300], "result": None, "message": None, "date_labels": DATE_LABELS,
               "args": {k: request.args.get(k) for k in FACET_PARAMS if request.args.get(k)}}
    status = 200
    try:
        filters, page_no = filters_from(request.args), page_from(request.args)
        if text.strip():
            context["result"] = services.search(current_user, text, filters, page_no,
                                                locale=str(get_locale() or "nl"))
    except DomainError as exc:
        context["message"], status = exc.message, exc.status
    return render_template("search/search.html", **context), status


@bp.route("/search/suggest")
def suggest():
    """Titles for the header box (``?q=``; ``type`` to limit, e.g. ``question``)."""
    try:
        items = services.suggest_titles(current_user, request.args.get("q", ""),
                                        request.args.get("type") or None)
    except DomainError as exc:
        return jsonify({"status": exc.status, "message": str(exc.message)}), exc.status
    return jsonify({"items": items})


from . import cli  # noqa: E402,F401  (registers the ``community search ...`` commands on bp)
