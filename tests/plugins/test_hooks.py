"""The plugin contract: every hookspec is documented and exercised by the sample plugin."""
from __future__ import annotations

import inspect

import pytest

from community import hooks
from community.app import create_app, migration_locations
from tests.conftest import base_config, csrf_token
from tests.plugins import sample_plugin

SPECS = sorted(name for name, fn in vars(hooks).items()
               if callable(fn) and hasattr(fn, "community_spec"))


def test_hookspecs_found():
    assert "company_lookup" in SPECS and len(SPECS) >= 10


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_is_documented(name):
    doc = inspect.getdoc(getattr(hooks, name))
    assert doc and len(doc) > 20, f"hookspec {name} needs a docstring"


@pytest.mark.parametrize("name", SPECS)
def test_sample_plugin_implements_every_hookspec(name):
    assert hasattr(sample_plugin, name), f"tests/plugins/sample_plugin.py lacks {name}"


@pytest.fixture
def plugin_app(app, tmp_path):
    config = base_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
    config["EXTRA_PLUGINS"] = [sample_plugin]
    config["PLUGINS"] = []  # only the sample plugin
    sample_plugin.calls.clear()
    plugin_app = create_app(config)
    from tests.conftest import IsolatedClient

    plugin_app.test_client_class = IsolatedClient
    return plugin_app


def test_every_hook_is_exercised(plugin_app, make_user, outbox):
    from community.extensions import db

    client = plugin_app.test_client()
    engines = db._app_engines
    engines[plugin_app] = engines[next(a for a in engines if a is not plugin_app)]

    assert client.get("/sample-plugin").status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert "Sample" in home  # nav item
    assert "&lt;b&gt;escaped" in home  # a plain str from a tpl_ hook is escaped

    token = csrf_token(client, "/register")
    resp = client.post("/register", data={"name": "Nieuwe Ondernemer",
                                          "email": "nieuw@example.org",
                                          "password": "vlaai-mergel-heuvelland",
                                          "csrf_token": token})
    assert resp.status_code == 302

    owner = make_user()
    token = csrf_token(client, "/login")
    client.post("/login", data={"email": owner.email, "password": "vlaai-mergel-heuvelland",
                                "csrf_token": token})
    token = csrf_token(client, "/companies/new")
    resp = client.post("/companies/new", data={"kvk_number": "69599084", "name": "Dagobert",
                                               "action": "save", "csrf_token": token})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-800:]
    company_url = resp.headers["Location"]
    page = client.get(company_url).get_data(as_text=True)
    assert "Sample sidebar" in page and "Geverifieerd bij de KvK" in page
    token = csrf_token(client, company_url + "/edit")
    resp = client.post(company_url + "/edit", data={"name": "Dagobert B.V.", "action": "save",
                                                    "csrf_token": token})
    assert resp.status_code == 302

    with plugin_app.app_context():
        from community.accounts.models import User
        from community.spaces.models import Space, SpaceMembership
        from community.spaces.post_services import add_comment, create_post

        author = db.session.get(User, owner.id)

        space = Space(name="Hooks", slug="hooks-space", visibility="open")
        db.session.add(space)
        db.session.flush()
        db.session.add(SpaceMembership(space_id=space.id, user_id=author.id))
        db.session.commit()
        post = create_post(author, space, title="Lasrobot in de werkplaats",
                           body_md="Zo pakten we het aan.")
        add_comment(author, post, "Goed verhaal!")
        assert "Lasrobot in de werkplaats" in sample_plugin.seen_titles

        from community.qa import services as qa

        expert = db.session.get(User, make_user("expert").id)
        question = qa.ask(author, title="Welke subsidie past bij een lasrobot?",
                          body_md="Wij investeren in automatisering.")
        qa.answer(expert, question, "Kijk naar de MIT-regeling.")
        assert "Welke subsidie past bij een lasrobot?" in sample_plugin.seen_titles

        import datetime as dt

        from community.db import utcnow
        from community.events import services as events

        starts = utcnow() + dt.timedelta(days=10)
        events.create_event(expert, {
            "title": "Masterclass robotisering", "kind": "masterclass", "format": "online",
            "description": "Van lasrobot tot cobot.", "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2)})
        assert "Masterclass robotisering" in sample_plugin.seen_titles

    with plugin_app.app_context():
        migration_locations(plugin_app)
        from community.demo import load

        load(plugin_app)

    missing = sorted(set(SPECS) - set(sample_plugin.calls))
    assert not missing, f"hooks never called: {missing}"
