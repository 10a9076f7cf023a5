"""Message catalogues per package: extract, update, and check for missing Dutch.

Every package with a ``translations/`` folder owns the strings in its own files (core:
``community/`` minus the packages that have their own catalogue). Flask-Babel merges
all catalogues at run time (see ``community.i18n.translation_directories``).

    python -m tools.i18n update [community/qa ...]   # merge new strings into nl catalogues
    python -m tools.i18n check [community/qa ...]    # list strings without Dutch
    python -m tools.i18n apply community/qa nl.json  # fill translations from a JSON mapping
"""
from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2"),
              ("**/templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
            "_l": None, "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
LOCALES = ("nl",)


def packages() -> list[Path]:
    """Folders that own a catalogue: any folder under community/ or plugins/ with
    ``translations/``."""
    found = [p.parent for p in ROOT.glob("community/**/translations") if p.is_dir()]
    found += [p.parent for p in ROOT.glob("plugins/*/translations") if p.is_dir()]
    return sorted(set(found))


def extract(package: Path) -> Catalog:
    others = [p for p in packages() if p != package and package in p.parents]
    catalog = Catalog(project="community", charset="utf-8")

    def keep(path: str) -> bool:
        full = (package / path).resolve()
        return not any(o in full.parents for o in others)

    for filename, lineno, message, comments, context in extract_from_dir(
            str(package), METHOD_MAP, keywords=KEYWORDS,
            options_map={"**/templates/**": {"extensions": "jinja2.ext.i18n"}}):
        if not keep(filename):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(package: Path, locale: str) -> Path:
    return package / "translations" / locale / "LC_MESSAGES" / "messages.po"


def load(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="community", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def missing(package: Path, locale: str = "nl") -> list[str]:
    template = extract(package)
    catalog = load(po_path(package, locale), locale)
    out = []
    for msg in template:
        if not msg.id:
            continue
        have = catalog.get(msg.id, context=msg.context)
        strings = (have.string if have else None)
        if not have or not strings or (isinstance(strings, tuple) and not all(strings)) \
                or have.fuzzy:
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


def update(package: Path) -> None:
    template = extract(package)
    for locale in LOCALES:
        path = po_path(package, locale)
        catalog = load(path, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = BytesIO()
        write_po(buf, catalog, width=100, omit_header=False, ignore_obsolete=True,
                 sort_output=False)
        path.write_bytes(buf.getvalue())


def apply_json(package: Path, mapping_file: Path, locale: str = "nl") -> int:
    """Fill translations from a JSON file {msgid: msgstr or [singular, plural]} in one write."""
    import json

    update(package)
    mapping = json.loads(mapping_file.read_text(encoding="utf-8"))
    path = po_path(package, locale)
    catalog = load(path, locale)
    filled = 0
    for msg in catalog:
        key = msg.id if isinstance(msg.id, str) else msg.id[0]
        if key in mapping and mapping[key]:
            value = mapping[key]
            if isinstance(msg.id, tuple):
                if isinstance(value, str):  # tuple("abc") would be one letter per form
                    plural = mapping.get(msg.id[1])
                    if not isinstance(plural, str):
                        raise SystemExit(f"plural message {key!r} needs [singular, plural]")
                    value = [value, plural]
                value = tuple(value)
            msg.string = value
            msg.flags.discard("fuzzy")
            filled += 1
    buf = BytesIO()
    write_po(buf, catalog, width=100, ignore_obsolete=True)
    path.write_bytes(buf.getvalue())
    return filled


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "apply":  # python -m tools.i18n apply community/qa nl.json
        print(apply_json(ROOT / argv[2], Path(argv[3])), "translations applied")
        return 0
    only = [ROOT / a for a in argv[2:]]
    status = 0
    for package in packages():
        if only and package not in only:
            continue
        rel = package.relative_to(ROOT)
        if command == "update":
            update(package)
            print(f"updated {rel}")
        gaps = missing(package)
        if gaps:
            status = 1
            print(f"{rel}: {len(gaps)} strings without Dutch")
            for m in gaps[:200]:
                print("   ", m[:90])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
