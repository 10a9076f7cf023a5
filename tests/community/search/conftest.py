"""Fixtures for the search tests: a fresh, real Whoosh index per test, content factories.

Content rows are written directly through the models (the features own their use-cases);
every commit goes through the real queue and indexer, exactly as in production.
"""
from __future__ import annotations

import itertools

import pytest

from community.extensions import db

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def index_dir(app, tmp_path):
    """Each test gets its own index directory (the session-wide one sees every test)."""
    from community.search.maintenance import store

    previous = app.config["SEARCH_INDEX_DIR"]
    path = tmp_path / "search"
    app.config["SEARCH_INDEX_DIR"] = str(path)
    try:
        yield path
    finally:
        with app.app_context():
            store().forget()
        app.config["SEARCH_INDEX_DIR"] = previous



@pytest.fixture
def make_post(app):
    from community.spaces.post_models import Post
    from community.tags import tags_for

    def make(space, author, title: str, body: str = "", tags=(), status="published",
             company=None, **fields) -> Post:
        post = Post(space_id=space.id, author_id=author.id if author else None,
                    title=title, body_md=body, body_html=f"<p>{_escape(body)}</p>",
                    status=status, company_id=company.id if company else None, **fields)
        if tags:
            post.tags = tags_for(list(tags))
        db.session.add(post)
        db.session.commit()
        return post

    return make


@pytest.fixture
def make_comment(app):
    from community.spaces.post_models import Comment

    def make(post, author, body: str, status="published") -> Comment:
        comment = Comment(post_id=post.id, author_id=author.id if author else None,
                          body_md=body, body_html=f"<p>{_escape(body)}</p>", status=status)
        db.session.add(comment)
        db.session.commit()
        return comment

    return make


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def search(user, text, **kw):
    """The service, as the views call it (in a request context, for the result URLs)."""
    from flask import current_app

    from community.search import services
    from community.search.query import Filters

    filters = Filters(doc_type=kw.pop("type", None), space_id=kw.pop("space", None),
                      tag=kw.pop("tag", None), sector=kw.pop("sector", None),
                      date=kw.pop("date", None))
    with current_app.test_request_context("/search"):
        return services.search(user, text, filters, **kw)


def keys(result) -> set[tuple[str, int]]:
    return {(h.type, h.id) for h in result.hits}
