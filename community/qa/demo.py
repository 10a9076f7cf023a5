"""Demo questions of Limburg entrepreneurs (subsidies, financing, staff, digitalisation,
export) with answers by the demo experts, votes, one accepted answer and one question
still waiting for an answer. Rows are written directly and back-dated (no notifications);
votes, scores and the reputation ledger agree with each other."""
from __future__ import annotations

import datetime as dt

from ..db import utcnow
from ..extensions import db
from ..tags import tags_for
from ..text import render_markdown
from .models import Answer, Question, ReputationEvent, Vote
from .reputation import points_for

# (asker, title, body, tags, sector, days ago, [(answerer, body, voters)], accepted index)
QUESTIONS = [
    ("ondernemer", "Welke subsidie is er voor een elektrische oven in mijn bakkerij?",
     "We willen van gas af en een elektrische oven kopen (ongeveer € 60.000). "
     "Bestaat daar een subsidie of regeling voor in Limburg?",
     ["subsidie", "duurzaamheid"], "C", 9,
     [("expert2", "Kijk naar de **Energie-investeringsaftrek (EIA)**: een elektrische oven "
       "staat vaak op de Energielijst. Vraag de aftrek binnen drie maanden na de opdracht aan.",
       ["ondernemer2", "ondernemer3", "partner"]),
      ("partner", "Het ondernemersloket kan met u de aanvraag doornemen. Maak gerust een "
       "afspraak; we kijken ook naar de MIT-regeling van de provincie.", ["ondernemer3"])],
     0),
    ("ondernemer2", "Hoe financier ik een lasrobot van € 250.000?",
     "De bank wil maar de helft financieren. Welke aanvullende financiering is er voor "
     "een mkb-maakbedrijf in Venlo?", ["financiering", "groei"], "C", 6,
     [("expert2", "Combineer een banklening met een **BMKB-borgstelling** en eventueel een "
       "lening van het Limburgse ontwikkelingsfonds. Lease is ook een optie.",
       ["ondernemer", "ondernemer4"])], None),
    ("ondernemer4", "Vrachtwagenchauffeurs vinden: wie heeft een goede aanpak?",
     "We hebben acht vacatures voor chauffeurs. Advertenties leveren bijna niets op. "
     "Hoe pakken andere Limburgse bedrijven dit aan?", ["personeel"], "H", 4,
     [("presentator", "Werk samen met een ROC voor een BBL-traject: leerlingen rijden na "
       "een jaar zelfstandig. Zij-instromers uit de regio blijven vaak langer.",
       ["ondernemer"])], None),
    ("ondernemer5", "Welke boekhoudsoftware koppelt goed met een webshop?",
     "Ik bouw webshops voor zzp'ers en word vaak gevraagd welk pakket het makkelijkst "
     "koppelt met WooCommerce. Ervaringen?", ["digitalisering", "webshops"], "J", 3,
     [("expert", "Kies een pakket met een **officiële koppeling** en automatische "
       "btw-verwerking; test eerst met een proefadministratie.", ["ondernemer4"])], None),
    ("ondernemer2", "Wat moet ik regelen voor export naar Duitsland?",
     "We willen onze plaatwerkproducten ook in Nordrhein-Westfalen verkopen. Welke regels "
     "en documenten komen daarbij kijken?", ["export"], "C", 1, [], None),
]


def load(ctx) -> None:
    users = ctx.users
    now = utcnow()
    for asker, title, body, tags, sector, days, answers, accepted in QUESTIONS:
        when = now - dt.timedelta(days=days)
        question = Question(author_id=users[asker].id, title=title, body_md=body,
                            body_html=render_markdown(body), sector=sector,
                            created_at=when, last_activity_at=when)
        question.tags = tags_for(tags)
        db.session.add(question)
        db.session.flush()
        for n, (answerer, text, voters) in enumerate(answers):
            at = when + dt.timedelta(hours=3 + n * 5)
            answer = Answer(question_id=question.id, author_id=users[answerer].id,
                            body_md=text, body_html=render_markdown(text), created_at=at,
                            score=len(voters))
            db.session.add(answer)
            db.session.flush()
            for voter in voters:
                db.session.add(Vote(user_id=users[voter].id, target_type="answer",
                                    target_id=answer.id, value=1, created_at=at))
                db.session.add(ReputationEvent(
                    user_id=users[answerer].id, points=points_for("answer_upvoted"),
                    reason="answer_upvoted", source_type="answer", source_id=answer.id,
                    actor_id=users[voter].id, created_at=at))
            if n == accepted:
                answer.is_accepted = True
                question.accepted_answer_id = answer.id
                question.accepted_at = at + dt.timedelta(hours=1)
                for user, reason in ((answerer, "answer_accepted"),
                                     (asker, "accepted_an_answer")):
                    db.session.add(ReputationEvent(
                        user_id=users[user].id, points=points_for(reason), reason=reason,
                        source_type="answer", source_id=answer.id,
                        actor_id=users[asker].id, created_at=question.accepted_at))
            if question.first_answer_at is None:
                question.first_answer_at = at
            question.answer_count = len(answers)
            question.last_activity_at = at
