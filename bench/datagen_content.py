"""Content on top of ``datagen``'s companies and users: spaces, posts, comments, Q&A.

- **Spaces** (default 50): the first four are open, members-only, private and secret, the
  rest a mix (most open or members-only); each has an admin and members. The benchmark's
  login user is a member of the busiest spaces.
- **Posts** (``--posts``, default 100,000): spread over the spaces with a Zipf-like weight
  (the busiest space gets about a fifth), one to three theme tags each, the author's company
  as ``company_id``. ``body_md``/``body_html`` come from a handful of Markdown templates
  rendered once with ``community.text.render_markdown``. About a fifth get a few
  "useful" reactions.
- **Hot posts** (200, in open or members-only spaces): exactly 10 comments each (7
  top-level, 3 replies), reactions on the post and on some comments.
- **Questions** (``--questions``, default 20,000; most platform-wide, some in spaces),
  theme tags and a sector; about 30 % unanswered, the others 1 to 3 answers (some accepted).
  **Big questions** (50, platform-wide): exactly 50 answers, each with one comment and one
  vote (``Answer.score`` is its vote); one in two has an accepted answer.

Counters (``comment_count``, ``reaction_count``, ``answer_count``, ``score``,
``first_answer_at``, ``accepted_answer_id``) match the inserted rows. No reputation
ledger, activity or notification rows are written.

Rows go in with ``session.execute(insert(Model), rows)`` in chunks of 5,000, in one
transaction. That bypasses the ORM unit of work, so the search queue's ``after_flush``
listener sees nothing: no ``search_queue`` rows, and the search index is not touched
(run ``community search reindex`` to index the content).
"""
from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

import sqlalchemy as sa
from slugify import slugify

from . import datagen

CHUNK = 5000
# with RETURNING, SQLAlchemy splices each statement's rows into the chunk's result: the
# cost grows with the square of the chunk, so chunks that return ids are smaller
RETURNING_CHUNK = 500

SPACE_TOPICS = (
    "Digitalisering", "Duurzaam ondernemen", "Innovatie", "Groei en strategie",
    "Financiering", "Personeel en talent", "Export", "Bedrijfsoverdracht", "Energie",
    "Logistiek", "Maakindustrie", "Horeca", "Retail", "Zorg", "Bouw", "Agrofood",
    "Toerisme", "Circulaire economie", "Cybersecurity", "Data en AI",
)
SPACE_KINDS = ("Kennisgroep", "Netwerk", "Werkgroep", "Ronde tafel", "Community")
REGIONS = ("Noord-Limburg", "Midden-Limburg", "Zuid-Limburg", "Parkstad", "Westelijke Mijnstreek")

POST_SUBJECTS = (
    "een nieuw ERP-systeem", "zonnepanelen op het bedrijfsdak", "een webshop",
    "een traineeprogramma", "export naar Duitsland", "een bedrijfsoverdracht aan de "
    "volgende generatie", "een subsidieaanvraag", "warmtepompen in de werkplaats",
    "een klantportaal", "digitale facturatie", "een circulair inkoopbeleid",
    "een MKB-innovatiestimulering", "thuiswerkbeleid", "een cybersecurityscan",
    "data-gedreven planning", "samenwerking met de hogeschool",
)
POST_PATTERNS = (
    "Zo hebben wij {s} aangepakt", "Praktijkvoorbeeld: {s}", "Lessen uit {s}",
    "Wat {s} ons opleverde", "Stap voor stap naar {s}", "Valkuilen bij {s}",
    "Onze ervaring met {s}", "{S}: wat we anders zouden doen",
)
QUESTION_PATTERNS = (
    "Wie heeft ervaring met {s}?", "Hoe begin je met {s}?", "Wat kost {s} ongeveer?",
    "Welke subsidie past bij {s}?", "Tips voor {s} in Limburg?",
    "Is {s} de moeite waard voor een klein bedrijf?", "Hoe pak je {s} aan met weinig tijd?",
)

POST_TEMPLATES = (
    """## Aanleiding

Twee jaar geleden liepen we tegen de grenzen van ons oude systeem aan. Orders werden
dubbel ingevoerd en **niemand** had nog overzicht over de voorraad.

## Aanpak

1. Inventarisatie met het hele team (twee middagen)
2. Drie leveranciers vergeleken op prijs, support en koppelingen
3. Pilot van zes weken op één productielijn

> Begin klein, maar begin.

## Resultaat

- 30 % minder tijd kwijt aan administratie
- Levertijd van 10 naar 6 werkdagen
- Meer rust in de planning

Meer weten? Kijk op [de website van de provincie](https://www.limburg.nl) of stuur me
een bericht.
""",
    """We kregen vaak de vraag hoe we dit hebben gefinancierd. Daarom hier ons verhaal.

### Wat we deden

Samen met de bank en een regionaal fonds hebben we een plan gemaakt. De *terugverdientijd*
was de doorslaggevende factor.

| Post | Bedrag |
|---|---|
| Investering | € 85.000 |
| Subsidie | € 20.000 |
| Besparing per jaar | € 14.000 |

### Tips

- Vraag op tijd offertes aan
- Betrek je accountant vanaf het begin
- Plan `onderhoud` meteen mee in de begroting
""",
    """Kort verslag van onze aanpak, misschien heeft iemand er iets aan.

Ons team bestaat uit twaalf mensen. We merkten dat nieuwe collega's lang nodig hadden om
ingewerkt te raken. Met een vast inwerkprogramma en een buddy per nieuwe medewerker is
dat nu veel beter.

**Wat werkte:** een checklist per week, vaste momenten voor feedback, en een lunch met
de directie in de eerste maand.

**Wat niet werkte:** alles digitaal aanbieden zonder persoonlijk contact.

Vragen? Stel ze hieronder!
""",
    """## Context

Export naar Duitsland leek ingewikkeld: andere regels, andere verwachtingen. Via het
netwerk kwamen we in contact met een adviseur die ons op weg hielp.

## Wat we leerden

1. Zorg voor een Duitstalige website en offerte
2. Bezoek minstens één beurs per jaar
3. Neem de tijd voor vertrouwen: Duitse klanten kiezen voor de lange termijn

## Cijfers

Na twee jaar komt 25 % van onze omzet uit Duitsland.
""",
    """Dit is een samenvatting van de presentatie die ik gaf op de ondernemersavond.

- *Waarom* we begonnen: energiekosten stegen hard
- *Hoe*: eerst meten, dan pas investeren
- *Wat*: isolatie, LED-verlichting en een warmtepomp

> Meten is weten, maar alleen als je er ook iets mee doet.

De dia's staan op [onze website](https://example.org/duurzaam). Reacties zijn welkom.
""",
    """### Probleem

Klanten belden steeds om te vragen waar hun bestelling bleef.

### Oplossing

Een eenvoudig klantportaal met de status van elke order, gekoppeld aan ons
planningssysteem. Gebouwd in drie maanden met een lokaal softwarebedrijf.

### Resultaat

Het aantal telefoontjes halveerde. Het team heeft meer tijd voor echte vragen, en de
klanttevredenheid steeg van 7,1 naar 8,3.
""",
)
COMMENT_TEMPLATES = (
    "Heel herkenbaar! Wij liepen tegen **precies** hetzelfde aan.",
    "Dank voor het delen. Hoe lang duurde de pilot in totaal?",
    "Goed voorbeeld. Wij hebben ook goede ervaringen met een [regionale adviseur]"
    "(https://example.org).",
    "Interessant. Hebben jullie ook gekeken naar:\n\n- leasen\n- huren\n- samen inkopen?",
    "Mooi resultaat! Mag ik je een bericht sturen over de subsidie?",
)
QUESTION_TEMPLATES = (
    "We zijn een bedrijf met acht medewerkers en willen hiermee beginnen. Waar moeten we op "
    "letten, en wie kan ons adviseren?\n\n- Budget: beperkt\n- Tijd: een paar uur per week",
    "Ik lees er veel over maar weet niet goed waar ik moet beginnen. Zijn er **ervaringen** "
    "van andere ondernemers in de regio?",
    "Concreet: we twijfelen tussen twee aanbieders. Welke vragen moet ik stellen voordat "
    "ik teken?\n\n1. Kosten\n2. Support\n3. Opzegtermijn",
    "Wie heeft dit al gedaan en wil zijn ervaring delen? Ook *negatieve* ervaringen zijn "
    "welkom.",
)
ANSWER_TEMPLATES = (
    "Wij hebben dit vorig jaar gedaan. Begin met een **kleine pilot** en meet het resultaat "
    "voordat je verder gaat.",
    "Kijk eens bij het regionale ondernemersloket, zij hebben een gratis adviesgesprek. "
    "Verder:\n\n- vraag meerdere offertes\n- praat met collega-ondernemers",
    "Het hangt af van je sector. In de bouw werkt het anders dan in de retail; vertel iets "
    "meer over je bedrijf?",
    "Goede vraag. Let vooral op de *opzegtermijn* en wie eigenaar is van de data.",
    "Er is een subsidieregeling die hier precies voor bedoeld is, zie [de "
    "website](https://example.org/subsidie).",
)
QA_COMMENT_TEMPLATES = (
    "Dank, dit helpt!", "Heb je een link naar die regeling?", "Klopt, zo deden wij het ook.",
    "Goed punt, daar had ik nog niet aan gedacht.",
)


@dataclass
class ContentStats:
    spaces: int = 0
    space_memberships: int = 0
    posts: int = 0
    comments: int = 0
    reactions: int = 0
    questions: int = 0
    unanswered: int = 0
    answers: int = 0
    qa_comments: int = 0
    votes: int = 0
    seconds: float = 0.0


def generate(data: datagen.Dataset, instance_path: str, *, spaces: int = 50,
             posts: int = 100_000, hot_posts: int = 200, questions: int = 20_000,
             big_questions: int = 50, seed: int = 1) -> ContentStats:
    """Fill the database of ``data`` (already generated by ``datagen.generate``).

    Sets ``data.space_slugs``, ``data.post_paths`` and ``data.question_ids`` (the samples
    the scenarios request) and returns the counts and the time taken.
    """
    from community.extensions import db

    started = time.perf_counter()
    app = datagen.make_app(data.database_url, instance_path)
    with app.app_context():
        try:
            stats = _Filler(db, data, random.Random(seed)).run(
                spaces, posts, hot_posts, questions, big_questions)
        finally:
            db.session.remove()
            db.engine.dispose()
    stats.seconds = time.perf_counter() - started
    return stats


def insert_chunks(db, target, rows: list[dict], returning: bool = False) -> list[int]:
    """Bulk insert in chunks; with ``returning`` the new ids, in row order."""
    ids: list[int] = []
    size = RETURNING_CHUNK if returning else CHUNK
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        if returning:
            stmt = sa.insert(target).returning(target.id, sort_by_parameter_order=True)
            ids.extend(db.session.scalars(stmt, chunk))
        else:
            db.session.execute(sa.insert(target), chunk)
    return ids


def _after(rng: random.Random, when: dt.datetime, days: int = 60) -> dt.datetime:
    return min(datagen._NOW, when + dt.timedelta(seconds=rng.randrange(60, days * 86400)))


class _Filler:
    def __init__(self, db, data: datagen.Dataset, rng: random.Random):
        self.db, self.data, self.rng = db, data, rng
        self.stats = ContentStats()

    # ------------------------------------------------------------ setup

    def _people(self) -> None:
        from community.accounts.models import User
        from community.companies.models import CompanyMember
        from community.tags import THEMES, Tag

        s = self.db.session
        self.user_ids = list(s.scalars(sa.select(User.id).order_by(User.id)))
        self.company_of = {}
        for user_id, company_id in s.execute(sa.select(CompanyMember.user_id,
                                                       CompanyMember.company_id)
                                              .order_by(CompanyMember.company_id)):
            self.company_of.setdefault(user_id, company_id)
        self.login_id = s.scalar(sa.select(User.id).where(User.email == self.data.login_email))
        self.theme_ids = list(s.scalars(sa.select(Tag.id).where(Tag.slug.in_(THEMES))))

    def _render(self) -> None:
        from community.text import render_markdown

        def pairs(templates):
            return [(md, render_markdown(md)) for md in templates]

        self.post_bodies = pairs(POST_TEMPLATES)
        self.comment_bodies = pairs(COMMENT_TEMPLATES)
        self.question_bodies = pairs(QUESTION_TEMPLATES)
        self.answer_bodies = pairs(ANSWER_TEMPLATES)
        self.qa_comment_bodies = pairs(QA_COMMENT_TEMPLATES)

    def _others(self, k: int, exclude: int | None = None) -> list[int]:
        pool = [u for u in self.rng.sample(self.user_ids, min(len(self.user_ids), k + 1))
                if u != exclude]
        return pool[:k]

    def _subject(self, patterns) -> str:
        subject = self.rng.choice(POST_SUBJECTS)
        return self.rng.choice(patterns).format(s=subject, S=subject[:1].upper() + subject[1:])

    def _tags(self, table, column: str, ids: list[int]) -> None:
        if not self.theme_ids:
            return
        rows = [{column: i, "tag_id": t} for i in ids
                for t in self.rng.sample(self.theme_ids, self.rng.randint(1, min(3, len(
                    self.theme_ids))))]
        insert_chunks(self.db, table, rows)

    # ------------------------------------------------------------ run

    def run(self, n_spaces, n_posts, n_hot, n_questions, n_big) -> ContentStats:
        self._people()
        self._render()
        if n_spaces and self.user_ids:
            self._spaces(n_spaces)
            self._posts(n_posts)
            self._comments(n_hot)
        if self.user_ids:
            self._questions(n_questions, n_big)
        self.db.session.commit()
        return self.stats

    def _spaces(self, n: int) -> None:
        from community.spaces.models import Space, SpaceMembership

        rng = self.rng
        fixed = ["open", "members", "private", "secret"]
        visibilities = [fixed[i] if i < len(fixed) else
                        rng.choices(fixed, weights=(5, 3, 2, 1))[0] for i in range(n)]
        rows, slugs = [], set()
        for i, visibility in enumerate(visibilities):
            name = f"{rng.choice(SPACE_KINDS)} {SPACE_TOPICS[i % len(SPACE_TOPICS)]}"
            if i >= len(SPACE_TOPICS):
                name += f" {REGIONS[(i // len(SPACE_TOPICS) - 1) % len(REGIONS)]}"
            slug = base = slugify(name, max_length=130)
            suffix = 2
            while slug in slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            slugs.add(slug)
            created = datagen._moment(rng, days=4 * 365)
            rows.append({"name": name, "slug": slug, "visibility": visibility,
                         "description": f"Ondernemers over **{SPACE_TOPICS[i % 20].lower()}**"
                                        " in Limburg: praktijkvoorbeelden en vragen.",
                         "created_by_id": rng.choice(self.user_ids), "is_early_bird": False,
                         "created_at": created, "updated_at": created})
        self.space_ids = insert_chunks(self.db, Space, rows, returning=True)
        self.spaces = [dict(r, id=i) for r, i in zip(rows, self.space_ids, strict=True)]
        # posts: Zipf-like weights; the busiest space is the first (open) one
        self.weights = [1 / (rank + 1) for rank in range(n)]
        members = []
        for rank, space in enumerate(self.spaces):
            count = max(3, int(300 / (rank + 1)))
            chosen = set(rng.sample(self.user_ids, min(len(self.user_ids), count)))
            chosen.add(space["created_by_id"])
            if self.login_id and rank < 3:  # the login user reads the busiest spaces
                chosen.add(self.login_id)
            for user_id in sorted(chosen):
                role = "admin" if user_id == space["created_by_id"] else "member"
                members.append({"space_id": space["id"], "user_id": user_id, "role": role,
                                "created_at": space["created_at"],
                                "updated_at": space["created_at"]})
        insert_chunks(self.db, SpaceMembership, members)
        self.stats.spaces, self.stats.space_memberships = len(rows), len(members)
        public = [s for s in self.spaces if s["visibility"] in ("open", "members")]
        self.data.space_slugs = [s["slug"] for s in public[:3]]

    def _posts(self, n: int) -> None:
        from community.spaces.post_models import Post, post_tag

        rng = self.rng
        space_of = rng.choices(range(len(self.spaces)), weights=self.weights, k=n)
        rows, reactors = [], []
        for i in range(n):
            author = rng.choice(self.user_ids)
            created = datagen._moment(rng)
            md, html = self.post_bodies[i % len(self.post_bodies)]
            users = self._others(rng.randint(1, 5), author) if rng.random() < 0.2 else []
            reactors.append(users)
            rows.append({
                "space_id": self.spaces[space_of[i]]["id"], "author_id": author,
                "company_id": self.company_of.get(author), "title": self._subject(POST_PATTERNS),
                "body_md": md, "body_html": html, "status": "published",
                "is_featured": rng.random() < 0.01, "is_official": False, "is_locked": False,
                "comment_count": 0, "reaction_count": len(users),
                "last_activity_at": created, "created_at": created, "updated_at": created,
            })
        self.post_ids = insert_chunks(self.db, Post, rows, returning=True)
        self.posts, self.reactors = rows, reactors
        self._tags(post_tag, "post_id", self.post_ids)
        self._reactions([self._reaction("post", post_id, user_id, row["created_at"])
                         for post_id, row, users in zip(self.post_ids, rows, reactors,
                                                        strict=True)
                         for user_id in users])
        self.stats.posts = len(rows)

    def _reaction(self, kind: str, target_id: int, user_id: int, after: dt.datetime) -> dict:
        return {"target_type": kind, "target_id": target_id, "user_id": user_id,
                "kind": "useful", "created_at": _after(self.rng, after)}

    def _reactions(self, rows: list[dict]) -> None:
        from community.spaces.post_models import Reaction

        insert_chunks(self.db, Reaction, rows)
        self.stats.reactions += len(rows)

    def _comments(self, n_hot: int) -> None:
        """``n_hot`` posts in public spaces get exactly 10 comments: 7 threads, 3 replies."""
        from community.spaces.post_models import Comment, Post

        rng = self.rng
        public = {s["id"]: s["slug"] for s in self.spaces
                  if s["visibility"] in ("open", "members")}
        eligible = [i for i, row in enumerate(self.posts) if row["space_id"] in public]
        hot = rng.sample(eligible, min(n_hot, len(eligible)))
        tops, reactions, updates = [], [], []
        for index in hot:
            post, post_id = self.posts[index], self.post_ids[index]
            when = post["created_at"]
            for _ in range(7):
                when = _after(rng, when, days=7)
                md, html = rng.choice(self.comment_bodies)
                tops.append({"post_id": post_id, "author_id": rng.choice(self.user_ids),
                             "parent_id": None, "body_md": md, "body_html": html,
                             "status": "published", "reaction_count": 0,
                             "created_at": when, "updated_at": when})
            already = set(self.reactors[index])
            more = [u for u in self._others(rng.randint(3, 12), post["author_id"])
                    if u not in already]
            reactions += [self._reaction("post", post_id, u, post["created_at"]) for u in more]
            updates.append({"id": post_id, "comment_count": 10,
                            "reaction_count": len(already) + len(more)})
        for row in tops:  # some comments are found useful
            users = self._others(rng.randint(1, 3), row["author_id"]) \
                if rng.random() < 0.3 else []
            row["reaction_count"] = len(users)
            row["_reactors"] = users
        reactors = [row.pop("_reactors") for row in tops]
        top_ids = insert_chunks(self.db, Comment, tops, returning=True)
        for comment_id, row, users in zip(top_ids, tops, reactors, strict=True):
            reactions += [self._reaction("comment", comment_id, u, row["created_at"])
                          for u in users]
        replies = []
        for n, update in enumerate(updates):  # three replies per post, after the threads
            first, when = n * 7, tops[n * 7 + 6]["created_at"]
            for _ in range(3):
                when = _after(rng, when, days=7)
                md, html = rng.choice(self.comment_bodies)
                replies.append({"post_id": update["id"], "author_id": rng.choice(self.user_ids),
                                "parent_id": top_ids[rng.randrange(first, first + 7)],
                                "body_md": md, "body_html": html, "status": "published",
                                "reaction_count": 0, "created_at": when, "updated_at": when})
            update["last_activity_at"] = when
        insert_chunks(self.db, Comment, replies)
        self._reactions(reactions)
        if updates:
            self.db.session.execute(sa.update(Post), updates)
        self.stats.comments = len(tops) + len(replies)
        self.data.post_paths = [f"/spaces/{public[self.posts[i]['space_id']]}/posts/"
                                f"{self.post_ids[i]}" for i in hot]

    # ------------------------------------------------------------ Q&A

    def _questions(self, n: int, n_big: int) -> None:
        from community.qa.models import Answer, QaComment, Question, Vote, question_tag
        from community.taxonomy import SECTORS

        rng, s = self.rng, self.db.session
        sectors = sorted(SECTORS)
        in_spaces = list(getattr(self, "spaces", []))
        n_big = min(n_big, n)
        rows = []
        for i in range(n):
            created = datagen._moment(rng, days=2 * 365)
            md, html = rng.choice(self.question_bodies)
            space_id = None
            if i >= n_big and in_spaces and rng.random() < 0.2:
                space_id = rng.choice(in_spaces)["id"]
            rows.append({
                "space_id": space_id, "author_id": rng.choice(self.user_ids),
                "title": self._subject(QUESTION_PATTERNS), "body_md": md, "body_html": html,
                "sector": rng.choice(sectors) if rng.random() < 0.6 else None,
                "status": "published", "is_locked": False, "score": 0, "answer_count": 0,
                "last_activity_at": created, "created_at": created, "updated_at": created,
            })
        question_ids = insert_chunks(self.db, Question, rows, returning=True)
        self._tags(question_tag, "question_id", question_ids)
        answered = [i for i in range(n_big, n) if rng.random() >= 0.3]
        self.stats.unanswered = n - n_big - len(answered)

        answers, per_question = [], []
        for i in list(range(n_big)) + answered:
            count = 50 if i < n_big else rng.randint(1, 3)
            first = len(answers)
            when = rows[i]["created_at"]
            for _ in range(count):
                when = _after(rng, when, days=3)
                md, html = rng.choice(self.answer_bodies)
                author = rng.choice(self.user_ids)
                answers.append({"question_id": question_ids[i], "author_id": author,
                                "body_md": md, "body_html": html, "status": "published",
                                "score": 0, "is_accepted": False, "is_helpful": False,
                                "created_at": when, "updated_at": when})
            per_question.append((i, first, count))
        # big questions: one vote per answer, by a user other than its author
        voters: dict[int, tuple[int, int]] = {}  # index in answers -> (user, value)
        for _i, first, count in per_question[:n_big]:
            for k in range(first, first + count):
                others = self._others(1, answers[k]["author_id"])
                if others:
                    value = 1 if rng.random() < 0.85 else -1
                    voters[k] = (others[0], value)
                    answers[k]["score"] = value
        accepted: dict[int, int] = {}  # index in rows -> index in answers
        for i, first, count in per_question:
            if (i < n_big and i % 2 == 0) or (i >= n_big and rng.random() < 0.4):
                best = max(range(first, first + count), key=lambda k: answers[k]["score"])
                answers[best]["is_accepted"] = True
                accepted[i] = best
        answer_ids = insert_chunks(self.db, Answer, answers, returning=True)
        qa_comments, votes = [], []
        for i, first, count in per_question[:n_big]:
            for k in range(first, first + count):
                md, html = rng.choice(self.qa_comment_bodies)
                when = _after(rng, answers[k]["created_at"], days=2)
                qa_comments.append({"question_id": question_ids[i], "answer_id": answer_ids[k],
                                    "author_id": rng.choice(self.user_ids), "body_md": md,
                                    "body_html": html, "status": "published",
                                    "created_at": when, "updated_at": when})
                if k in voters:
                    user_id, value = voters[k]
                    votes.append({"user_id": user_id, "target_type": "answer",
                                  "target_id": answer_ids[k], "value": value,
                                  "created_at": when, "updated_at": when})
        insert_chunks(self.db, QaComment, qa_comments)
        insert_chunks(self.db, Vote, votes)
        updates = []
        for i, first, count in per_question:
            times = [a["created_at"] for a in answers[first:first + count]]
            row = {"id": question_ids[i], "answer_count": count,
                   "first_answer_at": min(times), "last_activity_at": max(times)}
            if i in accepted:
                row.update(accepted_answer_id=answer_ids[accepted[i]],
                           accepted_at=_after(rng, answers[accepted[i]]["created_at"], 2))
            updates.append(row)
        for start in range(0, len(updates), CHUNK):
            s.execute(sa.update(Question), updates[start:start + CHUNK])
        self.stats.questions, self.stats.answers = n, len(answers)
        self.stats.qa_comments, self.stats.votes = len(qa_comments), len(votes)
        self.data.question_ids = question_ids[:n_big]
