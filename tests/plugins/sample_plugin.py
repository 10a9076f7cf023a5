"""A plugin implementing every hook, recording each call; used by the hook meta-test.

When you add a hookspec to community/hooks.py, implement it here and exercise it in
tests/plugins/test_hooks.py: the meta-test fails otherwise.
"""
from __future__ import annotations

from flask import Blueprint
from markupsafe import Markup

from community.hooks import hookimpl

calls: list[str] = []
seen_titles: list[str] = []
bp = Blueprint("sample_plugin", __name__)


@bp.route("/sample-plugin")
def page():
    return "sample plugin page"


@hookimpl
def register_blueprints(app):
    calls.append("register_blueprints")
    return [bp]


@hookimpl
def register_migrations():
    calls.append("register_migrations")
    return None


@hookimpl
def register_nav_items(user):
    calls.append("register_nav_items")
    return [("Sample", "/sample-plugin")]


@hookimpl
def register_demo_content(app):
    calls.append("register_demo_content")


@hookimpl
def register_translations():
    calls.append("register_translations")
    return None


@hookimpl
def company_lookup(kvk_number):
    calls.append("company_lookup")
    if kvk_number == "69599084":
        return {"name": "Test EMZ Dagobert", "sbi_code": "6201", "city": "Venlo",
                "source": "sample"}
    return None


@hookimpl
def on_user_registered(user):
    calls.append("on_user_registered")


@hookimpl
def on_company_created(company, user):
    calls.append("on_company_created")


@hookimpl
def on_company_updated(company, user):
    calls.append("on_company_updated")


@hookimpl
def on_post_created(post, user):
    calls.append("on_post_created")
    seen_titles.append(post.title)


@hookimpl
def on_comment_created(comment, post, user):
    calls.append("on_comment_created")


@hookimpl
def on_question_created(question, user):
    calls.append("on_question_created")
    seen_titles.append(question.title)


@hookimpl
def on_answer_created(answer, question, user):
    calls.append("on_answer_created")


@hookimpl
def on_event_created(event, user):
    calls.append("on_event_created")
    seen_titles.append(event.title)


@hookimpl
def tpl_company_sidebar(company, user):
    calls.append("tpl_company_sidebar")
    return Markup('<p class="sample-slot">Sample sidebar</p>')


@hookimpl
def tpl_home_panels(user):
    calls.append("tpl_home_panels")
    return "<b>escaped, because it is a plain str</b>"
