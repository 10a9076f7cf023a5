"""The shared tag vocabulary: themes (seeded, translated) and free tags made by users."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import Mapped, mapped_column

from .db import IdMixin
from .errors import ValidationError
from .extensions import db

# slug -> (Dutch label, English label). The programme's themes.
THEMES = {
    "digitalisering": ("Digitalisering", "Digitalisation"),
    "duurzaamheid": ("Duurzaamheid", "Sustainability"),
    "innovatie": ("Innovatie", "Innovation"),
    "groei": ("Groei", "Growth"),
    "financiering": ("Financiering", "Financing"),
    "personeel": ("Personeel", "Staff"),
    "export": ("Export", "Export"),
    "bedrijfsoverdracht": ("Bedrijfsoverdracht", "Business succession"),
}


class Tag(IdMixin, db.Model):
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    label: Mapped[str] = mapped_column(sa.String(60))
    label_en: Mapped[str | None] = mapped_column(sa.String(60))
    is_theme: Mapped[bool] = mapped_column(default=False)

    def display(self, locale: str = "nl") -> str:
        return self.label_en if str(locale) == "en" and self.label_en else self.label


def ensure_themes() -> None:
    existing = set(db.session.scalars(db.select(Tag.slug).where(Tag.slug.in_(THEMES))))
    for slug, (nl, en) in THEMES.items():
        if slug not in existing:
            db.session.add(Tag(slug=slug, label=nl, label_en=en, is_theme=True))


def parse_labels(raw: str | list[str] | None) -> list[str]:
    if raw is None:
        return []
    items = raw.split(",") if isinstance(raw, str) else raw
    return [" ".join(str(i).split()) for i in items if str(i).strip()]


def tags_for(labels: list[str] | str, limit: int = 12) -> list[Tag]:
    """Tags for the given labels: existing ones by slug, new free tags for the rest."""
    labels = parse_labels(labels)
    slugs: dict[str, str] = {}
    for label in labels:
        if len(label) > 40:
            raise ValidationError(_l("A tag has at most 40 characters."), field="tags")
        slug = slugify(label, max_length=60)
        if slug:
            slugs.setdefault(slug, label)
    if len(slugs) > limit:
        raise ValidationError(_l("Use at most %(n)d tags.", n=limit), field="tags")
    if not slugs:
        return []
    found = {t.slug: t for t in db.session.scalars(db.select(Tag).where(Tag.slug.in_(slugs)))}
    result = []
    for slug, label in slugs.items():
        tag = found.get(slug)
        if tag is None:
            tag = Tag(slug=slug, label=label[:60])
            db.session.add(tag)
        result.append(tag)
    return result
