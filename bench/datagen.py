"""Generate a large, realistic-looking data set: companies, users, memberships, expertise.

The schema is built by the real migrations (all heads); rows are bulk-inserted with
SQLAlchemy (``insert(Model)`` with a list of parameter sets, one transaction), so a few
thousand companies and users take seconds. Every generated user has the password
``BENCH_PASSWORD``. The same ``seed`` gives the same data.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from slugify import slugify

from . import names

BENCH_PASSWORD = "bench-vlaai-mergel-heuvelland"
DOMAIN = "bench.mkb-limburg.example"
_NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@dataclass
class Dataset:
    """What was generated, and what the scenarios need from it."""

    database_url: str
    companies: int
    users: int
    memberships: int
    seconds: float
    company_ids: list[int] = field(default_factory=list)  # a sample for company pages
    login_email: str = ""  # a member who owns a company
    password: str = BENCH_PASSWORD
    # samples of the content of bench/datagen_content.py (empty when not generated)
    space_slugs: list[str] = field(default_factory=list)  # busy open/members-only spaces
    post_paths: list[str] = field(default_factory=list)  # posts with 10 comments
    question_ids: list[int] = field(default_factory=list)  # questions with 50 answers


class DatabaseNotEmpty(RuntimeError):
    pass


@contextmanager
def _instance_path(path: str):
    """``create_app`` reads the instance folder from the environment only."""
    old = os.environ.get("COMMUNITY_INSTANCE_PATH")
    os.environ["COMMUNITY_INSTANCE_PATH"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COMMUNITY_INSTANCE_PATH", None)
        else:
            os.environ["COMMUNITY_INSTANCE_PATH"] = old


def make_app(database_url: str, instance_path: str):
    from community.app import create_app

    with _instance_path(instance_path):
        return create_app({
            "DATABASE_URL": database_url, "SQLALCHEMY_DATABASE_URI": None, "REDIS_URL": None,
            "LOG_JSON": False, "LOG_LEVEL": "WARNING", "MAIL_BACKEND": "memory",
        })


def generate(database_url: str, instance_path: str, *, companies: int = 3000,
             users: int = 6000, seed: int = 1, reset: bool = False) -> Dataset:
    """Migrate an empty database and fill it; ``reset`` first drops an existing schema."""
    from community.extensions import db

    started = time.perf_counter()
    app = make_app(database_url, instance_path)
    with app.app_context():
        try:
            _prepare_schema(db, reset)
            data = _fill(db, companies, users, random.Random(seed))
        finally:
            db.session.remove()
            db.engine.dispose()
    data.database_url = database_url
    data.seconds = time.perf_counter() - started
    return data


def _prepare_schema(db, reset: bool) -> None:
    from flask_migrate import upgrade

    if sa.inspect(db.engine).get_table_names():
        if not reset:
            raise DatabaseNotEmpty("the database already has tables; use a fresh one "
                                   "(or --reset-database to drop its schema first)")
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
            else:
                existing = sa.MetaData()
                existing.reflect(bind=conn)
                existing.drop_all(bind=conn)
    logging.disable(logging.INFO)  # Alembic's ini turns on INFO lines for every revision
    try:
        upgrade(revision="heads")
    finally:
        logging.disable(logging.NOTSET)


def _fill(db, n_companies: int, n_users: int, rng: random.Random) -> Dataset:
    from community.accounts.models import User, user_expertise
    from community.accounts.passwords import hash_password
    from community.companies.models import Company, CompanyMember
    from community.tags import THEMES, Tag, ensure_themes

    ensure_themes()
    db.session.flush()
    theme_ids = list(db.session.scalars(sa.select(Tag.id).where(Tag.slug.in_(THEMES))))

    company_ids = _insert(db, Company, company_rows(n_companies, rng))
    people = user_rows(n_users, rng, hash_password(BENCH_PASSWORD))
    user_ids = _insert(db, User, people)

    expertise = [{"user_id": uid, "tag_id": tag}
                 for uid, person in zip(user_ids, people, strict=True)
                 for tag in rng.sample(theme_ids, _expertise_count(person["role"], rng))]
    if expertise:
        db.session.execute(sa.insert(user_expertise), expertise)

    members = [uid for uid, p in zip(user_ids, people, strict=True) if p["role"] == "member"]
    memberships = membership_rows(company_ids, members, rng)
    if memberships:
        db.session.execute(sa.insert(CompanyMember), memberships)
    db.session.commit()

    owners = [m["user_id"] for m in memberships if m["role"] == "owner"]
    login_id = owners[0] if owners else (user_ids[0] if user_ids else None)
    login_email = people[user_ids.index(login_id)]["email"] if login_id else ""
    return Dataset(database_url="", companies=len(company_ids), users=len(user_ids),
                   memberships=len(memberships), seconds=0.0,
                   company_ids=rng.sample(company_ids, min(50, len(company_ids))),
                   login_email=login_email)


def _insert(db, model, rows: list[dict]) -> list[int]:
    """Bulk insert (executemany / multi-row VALUES) returning the new ids in row order."""
    if not rows:
        return []
    stmt = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(stmt, rows))


def _moment(rng: random.Random, days: int = 3 * 365) -> dt.datetime:
    return _NOW - dt.timedelta(seconds=rng.randrange(days * 24 * 3600))


def company_rows(n: int, rng: random.Random) -> list[dict]:
    from community.taxonomy import MUNICIPALITIES, region_of, sector_of

    municipalities = sorted(MUNICIPALITIES)
    slugs: set[str] = set()
    rows = []
    for i in range(n):
        trade, sbi, blurb = rng.choice(names.TRADES)
        municipality = rng.choice(municipalities)
        pattern = rng.randrange(4)
        if pattern == 0:
            name = f"{trade} {rng.choice(names.SURNAMES)}"
        elif pattern == 1:
            name = f"{rng.choice(names.PLACES)} {trade}"
        elif pattern == 2:
            name = f"{rng.choice(names.SURNAMES)} & {rng.choice(names.SURNAMES)} {trade}"
        else:
            name = f"{trade} {municipality}"
        name += rng.choice(names.LEGAL_FORMS)
        slug = base = slugify(name, max_length=150)
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        created = _moment(rng)
        verified = rng.random() < 0.7
        rows.append({
            "name": name, "slug": slug, "kvk_number": f"{70000000 + i:08d}",
            "sbi_code": sbi, "sector": sector_of(sbi),
            "size_class": rng.choice(("solo", "micro", "micro", "small", "small", "medium")),
            "municipality": municipality, "region": region_of(municipality),
            "website": f"https://{slug}.example" if rng.random() < 0.8 else None,
            "description": blurb.format(place=municipality),
            "verification": "verified" if verified else rng.choice(("unverified", "pending")),
            "verified_source": "bench" if verified else None,
            "verified_at": created if verified else None,
            "created_at": created, "updated_at": created,
        })
    return rows


def _role(i: int, rng: random.Random) -> str:
    if i == 0:
        return "admin"
    if i < 4:
        return "moderator"
    r = rng.random()
    return "expert" if r < 0.05 else "partner" if r < 0.07 else \
        "consultant" if r < 0.08 else "member"


def user_rows(n: int, rng: random.Random, password_hash: str) -> list[dict]:
    from community.taxonomy import MUNICIPALITIES

    municipalities = sorted(MUNICIPALITIES)
    rows = []
    for i in range(n):
        first, prefix = rng.choice(names.FIRST_NAMES), rng.choice(names.PREFIXES)
        last = f"{prefix} {rng.choice(names.SURNAMES)}".strip()
        role = _role(i, rng)
        created = _moment(rng)
        rows.append({
            "email": f"{slugify(first)}.{slugify(last, separator='')}.{i + 1}@{DOMAIN}",
            "password_hash": password_hash, "name": f"{first} {last}", "role": role,
            "locale": "en" if rng.random() < 0.1 else "nl",
            "job_title": rng.choice(names.JOB_TITLES[role]),
            "municipality": rng.choice(municipalities),
            "visibility": rng.choice(("public", "members", "members", "private")),
            "confirmed_at": created, "active": True, "password_changed_at": created,
            "created_at": created, "updated_at": created,
        })
    return rows


def _expertise_count(role: str, rng: random.Random) -> int:
    return rng.randint(2, 4) if role in ("expert", "partner", "consultant") else rng.randint(0, 2)


def membership_rows(company_ids: list[int], member_ids: list[int],
                    rng: random.Random) -> list[dict]:
    """Every company gets an owner while members last; most other members join one."""
    rows = []
    for company_id, user_id in zip(company_ids, member_ids, strict=False):
        rows.append({"company_id": company_id, "user_id": user_id, "role": "owner",
                     "created_at": _NOW, "updated_at": _NOW})
    if company_ids:
        for user_id in member_ids[len(company_ids):]:
            if rng.random() < 0.8:
                rows.append({"company_id": rng.choice(company_ids), "user_id": user_id,
                             "role": "member", "created_at": _NOW, "updated_at": _NOW})
    return rows
