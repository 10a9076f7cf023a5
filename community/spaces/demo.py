"""Demo spaces for Limburg, their members, a join request and an invitation, the secret
Early Birds space with its feedback board, and the feature flags.

Called by ``community.demo.load`` (every feature's ``demo.load(ctx)``). Demo posts come
from ``post_demo.py`` (the posts work) when that module exists: ``load(ctx, spaces)``
with ``spaces`` mapping the slugs below to the ``Space`` rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from importlib import import_module
from importlib.util import find_spec

from ..db import utcnow
from ..extensions import db
from .models import FeatureFlag, FeedbackItem, JoinRequest, Space, SpaceInvitation, SpaceMembership

# (slug, name, visibility, admin key, member keys, description, rules)
SPACES = [
    ("digitalisering-in-de-maakindustrie", "Digitalisering in de maakindustrie", "open",
     "expert", ["ondernemer2", "ondernemer4", "ondernemer5", "ondernemer", "consultant",
                "presentator", "partner"],
     "Van papieren werkbon naar een gekoppelde fabriek. Ondernemers uit de Limburgse "
     "maakindustrie delen wat werkte (en wat niet) bij ERP, sensoren, robots en data.\n\n"
     "Iedereen leest mee; word lid om zelf een **praktijkvoorbeeld** te delen.",
     "- Deel ervaringen, geen verkooppraatjes.\n- Noem leveranciers gerust, maar eerlijk.\n"
     "- Vertrouwelijke cijfers? Vraag eerst toestemming."),
    ("duurzaam-ondernemen-noord-limburg", "Duurzaam ondernemen Noord-Limburg", "members",
     "partner", ["ondernemer2", "ondernemer4", "ondernemer3", "ondernemer", "expert2"],
     "Energie besparen, elektrisch rijden, circulair inkopen: ondernemers uit Venlo, Venray, "
     "Horst en omstreken leren van elkaar. Iedereen leest mee, leden schrijven.",
     "- Blijf bij de feiten en noem je bronnen.\n- Subsidietips zijn welkom, met link naar "
     "de regeling."),
    ("familiebedrijven-en-bedrijfsoverdracht", "Familiebedrijven en bedrijfsoverdracht",
     "private", "expert2", ["ondernemer", "ondernemer3", "consultant"],
     "Een besloten kring voor familiebedrijven die een overdracht voorbereiden of net achter "
     "de rug hebben: opvolging, waardering, financiering en de familie aan tafel.",
     "- Wat hier gedeeld wordt, blijft hier.\n- Geen namen van anderen zonder hun "
     "toestemming."),
    ("export-naar-duitsland-en-belgie", "Export naar Duitsland en België", "open",
     "ondernemer2", ["expert2", "ondernemer4", "partner"],
     "Over de grens zakendoen vanuit Limburg: regels, taal, betalingen en het vinden van "
     "de eerste klanten in NRW en Vlaanderen.", None),
    ("early-birds", "Early Birds", "secret", "admin",
     ["moderator", "ondernemer", "ondernemer2"],
     "De pilotgroep van het platform. Jullie proberen nieuwe functies als eerste en vertellen "
     "het programmabureau op het **feedbackbord** wat beter kan.",
     "- Alles wat je hier ziet is nog in ontwikkeling.\n- Eerlijke feedback is de beste "
     "feedback."),
]

FEEDBACK = [
    ("ondernemer", "Meldingen per week bundelen",
     "Ik krijg liever één mail per week dan losse meldingen. Kan dat een instelling worden?",
     "planned"),
    ("ondernemer2", "Praktijkvoorbeelden filteren op regio",
     "Als ondernemer in Noord-Limburg wil ik vooral voorbeelden uit mijn buurt zien.", "new"),
    ("ondernemer", "Profielfoto bijsnijden",
     "Mijn foto werd vreemd afgesneden; een voorbeeld vóór het opslaan zou helpen.", "done"),
]

FLAGS = [
    ("member_search", "early_birds", "Zoekveld op de ledenlijst van een ruimte."),
]


def load(ctx) -> dict[str, Space]:
    users = ctx.users
    now = utcnow()
    spaces: dict[str, Space] = {}
    for i, (slug, name, visibility, admin, members, description, rules) in enumerate(SPACES):
        space = Space(slug=slug, name=name, visibility=visibility, description=description,
                      rules=rules, created_by_id=users[admin].id,
                      is_early_bird=slug == "early-birds",
                      created_at=now - dt.timedelta(days=60 - i * 7))
        db.session.add(space)
        db.session.flush()
        db.session.add(SpaceMembership(space_id=space.id, user_id=users[admin].id, role="admin",
                                       created_at=space.created_at))
        for n, key in enumerate(members):
            db.session.add(SpaceMembership(space_id=space.id, user_id=users[key].id,
                                           created_at=space.created_at + dt.timedelta(days=n)))
        spaces[slug] = space

    family = spaces["familiebedrijven-en-bedrijfsoverdracht"]
    db.session.add(JoinRequest(
        space_id=family.id, user_id=users["ondernemer2"].id,
        message="Mijn vader wil over een paar jaar stoppen; ik wil graag leren van anderen.",
        created_at=now - dt.timedelta(days=2)))

    early = spaces["early-birds"]
    db.session.add(SpaceInvitation(
        space_id=early.id, user_id=users["ondernemer3"].id, invited_by_id=users["admin"].id,
        token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
        expires_at=now + dt.timedelta(days=14)))
    for n, (key, title, body, status) in enumerate(FEEDBACK):
        db.session.add(FeedbackItem(space_id=early.id, author_id=users[key].id, title=title,
                                    body=body, status=status,
                                    created_at=now - dt.timedelta(days=10 - n * 3)))
    for name, state, description in FLAGS:
        if db.session.get(FeatureFlag, name) is None:
            db.session.add(FeatureFlag(name=name, state=state, description=description))
    db.session.flush()

    if find_spec(f"{__package__}.post_demo") is not None:
        import_module(f"{__package__}.post_demo").load(ctx, spaces)
    return spaces
