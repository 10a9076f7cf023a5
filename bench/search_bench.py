"""Search benchmark: index a generated Dutch/English corpus, then time 200 fixed queries.

``python -m bench.search_bench [--docs 100000] [--procs 2]`` (also run by ``make bench``):

1. A fresh SQLite database (real migrations) gets spaces (open, members-only, private),
   authors with ``nl``/``en`` locales and ``--docs`` documents: 70 % posts, 25 % comments,
   5 % companies, bulk-inserted. Text comes from Dutch and English vocabularies (~250
   base words each plus 2,500 compounds) with a Zipf-like frequency: the most common word
   is in about a quarter of the documents, a median word in about 1 %, and 200 marker
   words in a handful each; stop words are mixed in. ``--seed`` makes it repeatable.
2. ``community search reindex`` (``maintenance.rebuild``): the real path from database
   rows to the Whoosh index, with ``--procs`` writer processes. Prints the time, the
   number of documents and the index size on disk.
3. 200 fixed queries through the real use-case (``services.search``: index check, queue
   flush, audiences from the database, Whoosh with facets and a page of 10, database
   re-check of the hits, highlighted snippets, query log), as an anonymous visitor: 80
   single words (common and rare, Dutch and English), 40 two-word queries, 40 phrases,
   40 filtered (type, tag, date, space); see ``fixed_queries`` for the frequency bands.
   Prints p50/p95/max per kind and overall, and the same for the index part alone
   (``query.run``) to show where the time goes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

DUTCH = """ondernemer ondernemers bedrijf bedrijven subsidie subsidies digitalisering digitaliseren
duurzaamheid duurzame energie zonnepanelen warmtepomp isolatie innovatie financiering
lening bank investering groei personeel medewerkers werving opleiding stage export markt
klanten webshop website administratie boekhouding facturen belasting btw advies adviseur
gemeente provincie limburg maastricht venlo heerlen roermond sittard weert netwerk
samenwerking kennis ervaring praktijk voorbeeld project plan aanvraag regeling vergunning
circulair afval hergebruik logistiek transport vrachtwagen magazijn productie machine
automatisering robot software data cloud beveiliging privacy avg contract leverancier
inkoop verkoop marketing social media campagne merk branding ontwerp bouw renovatie
verduurzaming mkb familiebedrijf overname opvolging startup scaleup ondersteuning
workshop masterclass bijeenkomst lezing evenement vraag antwoord tip oplossing probleem
kosten besparing rendement winst omzet prijs tarief kwaliteit service onderhoud reparatie
horeca bakkerij brouwerij restaurant hotel toerisme recreatie landbouw tuinbouw zorg
techniek installatie elektra loodgieter schilder timmerman aannemer architect
glasvezel laadpaal elektrisch mobiliteit fiets bestelbus wagenpark brandstof waterstof""".split()

DUTCH_FILLER = """de het een en van in op voor met aan bij over naar door als dat die
we wij ons onze je jullie zij hun is zijn was waren heeft hebben wordt worden kan kunnen
ook nog niet wel meer veel goed nieuw eerste jaar dag week""".split()

ENGLISH = """entrepreneur entrepreneurs business businesses grant grants subsidy digital
digitalisation sustainability sustainable energy solar panels heat pump insulation
innovation funding loan bank investment growth staff employees recruitment training
internship export market customers webshop website accounting invoices tax advice advisor
municipality province network collaboration knowledge experience practice example project
plan application scheme permit circular waste reuse logistics transport truck warehouse
production machine automation robot software data cloud security privacy contract supplier
purchasing sales marketing social media campaign brand design construction renovation
family succession startup support workshop masterclass meeting lecture event question
answer tip solution problem costs savings return profit revenue price quality service
maintenance repair hospitality bakery brewery restaurant hotel tourism agriculture care
engineering installation electrician plumber painter carpenter contractor architect fibre
charging electric mobility bicycle van fleet fuel hydrogen""".split()

ENGLISH_FILLER = """the a an and of in on for with at by about to from as that this we our
you they their is are was were has have will can also not more many good new first year
day week""".split()

RARE_NL = [f"zeldzaamwoord{i:03d}" for i in range(200)]  # each in a handful of documents
RARE_EN = [f"rareword{i:03d}" for i in range(200)]


COMPOUNDS = 2500  # per language: the long tail of the vocabulary
RANK_OFFSET = 50  # Zipf-like weight 1 / (rank + 50): the most common word is in ~25 % of
                  # documents, a median word in ~1 % (stop words are the filler lists)


def vocabulary(base: list[str], rng: random.Random) -> list[str]:
    """The base words (most common first, shuffled) and compounds of two base words
    ("energieadvies"): Dutch writes compounds as one word, and it gives a long tail."""
    head = base[:]
    rng.shuffle(head)
    tail, seen = [], set(head)
    while len(tail) < COMPOUNDS:
        word = rng.choice(base) + rng.choice(base)
        if word not in seen:
            seen.add(word)
            tail.append(word)
    return head + tail


class TextMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.vocab = {"nl": vocabulary(DUTCH, rng), "en": vocabulary(ENGLISH, rng)}
        self.weights = {lang: [1.0 / (rank + RANK_OFFSET) for rank in range(len(words))]
                        for lang, words in self.vocab.items()}

    def words(self, lang: str, n: int) -> list[str]:
        filler = DUTCH_FILLER if lang == "nl" else ENGLISH_FILLER
        content = self.rng.choices(self.vocab[lang], cum_weights=self._cum(lang), k=n)
        out = []
        for w in content:
            out.append(w)
            if self.rng.random() < 0.6:
                out.append(self.rng.choice(filler))
        if self.rng.random() < 0.05:
            out.append(self.rng.choice(RARE_NL if lang == "nl" else RARE_EN))
        return out

    def _cum(self, lang: str) -> list[float]:
        cache = self.__dict__.setdefault("_cums", {})
        if lang not in cache:
            total, cum = 0.0, []
            for w in self.weights[lang]:
                total += w
                cum.append(total)
            cache[lang] = cum
        return cache[lang]

    def title(self, lang: str) -> str:
        return " ".join(self.words(lang, self.rng.randint(3, 6))).capitalize()

    def body(self, lang: str, lo: int = 30, hi: int = 90) -> str:
        return " ".join(self.words(lang, self.rng.randint(lo, hi))).capitalize() + "."


# ---------------------------------------------------------------- corpus

def generate(app, docs: int, seed: int) -> dict:
    from community.accounts.models import User
    from community.companies.models import Company
    from community.db import utcnow
    from community.extensions import db
    from community.spaces.models import Space
    from community.spaces.post_models import Comment, Post, post_tag
    from community.tags import THEMES, Tag, ensure_themes

    rng = random.Random(seed)
    text = TextMaker(rng)
    now = utcnow()

    def when():
        return now - dt.timedelta(seconds=rng.randrange(3 * 365 * 24 * 3600))

    def insert(model, rows):
        if not rows:
            return []
        stmt = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(db.session.scalars(stmt, rows))

    with app.app_context():
        ensure_themes()
        db.session.flush()
        tag_ids = list(db.session.scalars(sa.select(Tag.id).where(Tag.slug.in_(THEMES))))
        visibilities = ["open"] * 40 + ["members"] * 10 + ["private"] * 10
        space_ids = insert(Space, [{"name": f"Ruimte {i}", "slug": f"ruimte-{i}",
                                    "visibility": v, "created_at": now, "updated_at": now}
                                   for i, v in enumerate(visibilities)])
        authors = insert(User, [{"email": f"auteur{i}@bench.example", "name": f"Auteur {i}",
                                 "password_hash": "x", "role": "member",
                                 "locale": "en" if i % 4 == 0 else "nl",
                                 "visibility": "public", "confirmed_at": now,
                                 "created_at": now, "updated_at": now}
                                for i in range(500)])
        n_companies = docs * 5 // 100
        n_comments = docs * 25 // 100
        n_posts = docs - n_companies - n_comments
        insert(Company, [{"name": f"Bedrijf {text.title('nl')}", "slug": f"bedrijf-{i}",
                          "description": text.body("nl" if i % 4 else "en", 15, 40),
                          "sector": rng.choice("ACFGIJMNQ"), "created_at": when(),
                          "updated_at": now, "verification": "unverified"}
                         for i in range(n_companies)])
        post_ids, post_tags, titles = [], [], []
        for start in range(0, n_posts, 5000):
            rows = []
            for _ in range(min(5000, n_posts - start)):
                lang = "en" if rng.random() < 0.25 else "nl"
                created = when()
                body = text.body(lang)
                title = text.title(lang)[:200]
                if len(titles) < 100:
                    titles.append(title)
                rows.append({"space_id": rng.choice(space_ids), "author_id": rng.choice(authors),
                             "title": title, "body_md": body,
                             "body_html": f"<p>{body}</p>", "status": "published",
                             "created_at": created, "updated_at": created,
                             "last_activity_at": created})
            ids = insert(Post, rows)
            post_ids += ids
            post_tags += [{"post_id": pid, "tag_id": t} for pid in ids
                          for t in rng.sample(tag_ids, rng.randint(0, 2))]
        db.session.execute(sa.insert(post_tag), post_tags)
        for start in range(0, n_comments, 5000):
            rows = []
            for _ in range(min(5000, n_comments - start)):
                lang = "en" if rng.random() < 0.25 else "nl"
                body = text.body(lang, 8, 30)
                created = when()
                rows.append({"post_id": rng.choice(post_ids), "author_id": rng.choice(authors),
                             "body_md": body, "body_html": f"<p>{body}</p>",
                             "status": "published", "created_at": created,
                             "updated_at": created})
            insert(Comment, rows)
        db.session.commit()
        open_space = space_ids[0]
    return {"posts": n_posts, "comments": n_comments, "companies": n_companies,
            "space_id": open_space, "vocab": text.vocab, "titles": titles}


# ---------------------------------------------------------------- queries

def fixed_queries(corpus: dict, seed: int = 7) -> list[tuple[str, str, dict]]:
    """200 (kind, text, filters) triples; the same for the same corpus seed.

    Words are picked by frequency band: 20 of the 50 most common words (each in roughly
    10-25 % of the documents: the expensive ones), 30 from ranks 50-500, 20 from the long
    tail, 10 rare markers; two-word queries and filters use words of ranks 0-500; phrases
    are the first two content words of generated titles."""
    from community.search.analysis import language_analyzer

    rng = random.Random(seed)
    nl, en = corpus["vocab"]["nl"], corpus["vocab"]["en"]

    def pick(lo: int, hi: int, i: int) -> str:
        vocab = nl if i % 4 else en  # three Dutch for every English query
        return rng.choice(vocab[lo:hi])

    out: list[tuple[str, str, dict]] = []
    for i in range(20):
        out.append(("word, common", pick(0, 50, i), {}))
    for i in range(30):
        out.append(("word, middle", pick(50, 500, i), {}))
    for i in range(20):
        out.append(("word, rare", pick(500, len(nl), i), {}))
    for i in range(10):
        out.append(("word, rare", rng.choice(RARE_NL if i % 2 else RARE_EN), {}))
    for i in range(40):
        out.append(("two words", f"{pick(0, 500, i)} {pick(0, 500, i)}", {}))
    stop = set()
    for lang in ("nl", "en"):
        stop |= {w for w in (DUTCH_FILLER + ENGLISH_FILLER) if not list(language_analyzer(lang)(w))}
    for title in corpus["titles"][:40]:
        words = [w for w in title.lower().split() if w not in stop][:2]
        out.append(("phrase", '"' + " ".join(words) + '"', {}))
    tags = ["digitalisering", "duurzaamheid", "innovatie", "financiering", "export"]
    for i in range(40):
        filt = [{"doc_type": "post"}, {"tag": rng.choice(tags)}, {"date": "year"},
                {"space_id": corpus["space_id"]}][i % 4]
        out.append(("filtered", pick(0, 500, i), filt))
    assert len(out) == 200, len(out)
    return out


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def measure(app, queries) -> dict[str, dict[str, list[float]]]:
    from flask_login import AnonymousUserMixin

    from community.db import utcnow
    from community.search import query as q
    from community.search import registry, services
    from community.search.maintenance import store
    from community.search.query import Filters
    from community.search.schema import build_schema

    user = AnonymousUserMixin()
    full: dict[str, list[float]] = {}
    core: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    with app.test_request_context("/search"):
        for _kind, text, filt in queries[:10]:  # warm-up: searchers, caches
            services.search(user, text, Filters(**filt))
        schema = build_schema()
        audiences = registry.audiences_for(user)
        for kind, text, filt in queries:
            started = time.perf_counter()
            page = services.search(user, text, Filters(**filt))
            full.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            totals.setdefault(kind, []).append(page.total)
            parsed = q.parse(schema, text)
            with store().searcher() as s:
                started = time.perf_counter()
                q.run(s, parsed, audiences, Filters(**filt), 1, 10, utcnow())
                core.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return {"full": full, "whoosh": core, "totals": totals}


def _table(title: str, by_kind: dict[str, list[float]], totals: dict[str, list[int]]) -> None:
    print(f"\n{title}")
    print(f"{'queries':<14} {'n':>4} {'hits (median)':>14} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8}")
    everything = []
    for kind, values in by_kind.items():
        everything += values
        hits = sorted(totals[kind])[len(totals[kind]) // 2]
        print(f"{kind:<14} {len(values):>4} {hits:>14,} {_pct(values, 50):>8.1f} "
              f"{_pct(values, 95):>8.1f} {max(values):>8.1f}")
    print(f"{'all':<14} {len(everything):>4} {'':>14} {_pct(everything, 50):>8.1f} "
          f"{_pct(everything, 95):>8.1f} {max(everything):>8.1f}")


def run(docs: int = 100_000, procs: int = 2, seed: int = 1, keep: bool = False) -> int:
    from bench.datagen import _prepare_schema, make_app
    from community.extensions import db
    from community.search.maintenance import rebuild, store

    instance = tempfile.mkdtemp(prefix="community-search-bench-")
    url = f"sqlite:///{instance}/search-bench.db"
    try:
        app = make_app(url, instance)
        app.config["SEARCH_INDEX_ON_COMMIT"] = False
        with app.app_context():
            _prepare_schema(db, reset=False)
        print(f"search: generating {docs:,} documents ...", flush=True)
        started = time.perf_counter()
        corpus = generate(app, docs, seed)
        print(f"search: {corpus['posts']:,} posts, {corpus['comments']:,} comments, "
              f"{corpus['companies']:,} companies in {time.perf_counter() - started:.1f} s",
              flush=True)
        with app.app_context():
            started = time.perf_counter()
            stats = rebuild(procs=procs, limitmb=256)
            seconds = time.perf_counter() - started
            path = store().path
            size = sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file())
            with store().searcher() as s:
                indexed = s.doc_count()
        print(f"search: indexed {indexed:,} documents (of {stats.documents:,} built) in "
              f"{seconds:.1f} s with {procs} writer process(es); index size "
              f"{size / 1_048_576:.1f} MiB", flush=True)
        results = measure(app, fixed_queries(corpus))
        _table("search use-case (services.search: access, facets, page of 10, snippets, log)",
               results["full"], results["totals"])
        _table("index only (query.run: access mask, filters, page of 10, total, facets)",
               results["whoosh"], results["totals"])
        return 0
    finally:
        if keep:
            print(f"kept {instance}")
        else:
            import shutil

            shutil.rmtree(instance, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search_bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, default=100_000)
    p.add_argument("--procs", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args(argv)
    return run(args.docs, args.procs, args.seed, args.keep)


if __name__ == "__main__":
    sys.exit(main())
