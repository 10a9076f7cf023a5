"""Every hook a plugin can implement, in one documented module.

Kinds, by name:
- ``register_*``: called once at start-up; return things for the platform to install.
- ``*_lookup``: ``firstresult=True``; the first plugin that answers (not None) wins.
- ``on_*``: called after the transaction that caused the event has committed.
- ``tpl_*``: template slots, rendered through the ``run_hook`` Jinja global; return
  markup-safe HTML (``markupsafe.Markup``) or None.

Hooks receive domain objects, never ``request``. A meta-test checks that each hookspec
here has a docstring and is exercised by the test plugin in ``tests/plugins``.
"""
from __future__ import annotations

import pluggy

PROJECT = "community"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------- start-up

@hookspec
def register_blueprints(app):
    """Return an iterable of Flask blueprints to register on ``app``."""


@hookspec
def register_migrations():
    """Return a path (str) to a folder of Alembic revisions owned by the plugin.

    The plugin's revisions form their own branch (``branch_labels``) that
    ``depends_on`` the core schema; ``community db upgrade`` applies all heads.
    """


@hookspec
def register_nav_items(user):
    """Return a list of ``(label, url)`` pairs for the main navigation of ``user``.

    ``user`` may be anonymous. Labels should be lazy translatable strings.
    """


@hookspec
def register_demo_content(app):
    """Add the plugin's demo content; called by ``community demo`` after core content.

    Must be idempotent: running the demo twice adds nothing the second time.
    """


@hookspec
def register_translations():
    """Return a path to the plugin's ``translations`` folder (Babel catalogues)."""


# ---------------------------------------------------------------- lookups

@hookspec(firstresult=True)
def company_lookup(kvk_number):
    """Return registry data for an 8-digit KvK number, or None if this plugin cannot tell.

    The answer is a dict with any of: ``name``, ``trade_names`` (list), ``sbi_code``,
    ``sbi_description``, ``street``, ``house_number``, ``postcode``, ``city``,
    ``legal_form``, ``founded`` (date), ``active`` (bool), ``source`` (str).
    Called when a user enters a KvK number; without any plugin, manual entry works.
    """


# ---------------------------------------------------------------- after commit

@hookspec
def on_user_registered(user):
    """A new account was created (not yet confirmed)."""


@hookspec
def on_company_created(company, user):
    """``user`` created ``company`` and became its owner."""


@hookspec
def on_company_updated(company, user):
    """``user`` changed ``company``'s profile."""


@hookspec
def on_post_created(post, user):
    """``user`` published the best-practice ``post`` (its space may be secret: check
    ``access.can`` before showing it to anyone)."""


@hookspec
def on_comment_created(comment, post, user):
    """``user`` commented on ``post``."""


@hookspec
def on_question_created(question, user):
    """``user`` asked ``question`` on the knowledge square (it may live in a secret space)."""


@hookspec
def on_answer_created(answer, question, user):
    """``user`` answered ``question``."""


@hookspec
def on_event_created(event, user):
    """``user`` published ``event`` (a masterclass, workshop, ...); it may live in a secret
    space: check ``access.can(someone, "view", event)`` before showing it to anyone."""


# ---------------------------------------------------------------- template slots

@hookspec
def tpl_company_sidebar(company, user):
    """HTML for the sidebar of a company page, as seen by ``user`` (may be anonymous)."""


@hookspec
def tpl_home_panels(user):
    """HTML panels for the home page, as seen by ``user`` (may be anonymous)."""
