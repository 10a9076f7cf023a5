"""Demo events of the programme: masterclasses, workshops, awareness sessions on subsidies
and network meetings in Limburg towns, past and upcoming. Venues and people are fictional.

One online masterclass ("Financiering voor groei") starts ten minutes after loading, with
its presenters set and the demo entrepreneurs registered: its live room is ready to try.
Rows are written directly and back-dated (no notifications, no e-mail).
"""
from __future__ import annotations

import datetime as dt

from ..db import utcnow
from ..extensions import db
from ..text import render_markdown
from .models import Event, EventFeedback, EventMaterial, Registration
from .services import _unique_slug, local_zone, new_checkin_code

JITSI = "https://meet.jit.si/mkb-limburg-"

# (key, title, kind, format, address, video room, start, hours, capacity, organiser,
#  presenters, description, extra fields); start: minutes from now, or (days from today,
#  "HH:MM" Dutch time)
EVENTS = [
    ("live", "Financiering voor groei", "masterclass", "online", None,
     JITSI + "financiering-voor-groei", 10, 1.5, 60, "partner", ["expert2", "presentator"],
     "Uw bedrijf groeit, maar de bank financiert maar een deel. In deze masterclass laat "
     "Anouk Smeets zien hoe u een banklening combineert met **borgstellingen**, een "
     "**participatie** van een regionaal fonds en lease.\n\n"
     "- welke financier past bij welke fase;\n- wat een financier in uw plan wil zien;\n"
     "- vragen van deelnemers, live beantwoord.\n\n"
     "Stel tijdens de sessie uw vragen in de chat of via de vragenlijst.", {}),
    ("subsidies", "Subsidies voor verduurzaming: wat kan mijn bedrijf ermee?", "awareness",
     "hybrid", "Bedrijvencentrum De Roerdelta, Stationsplein 8, Roermond",
     JITSI + "subsidies-verduurzaming", (9, "15:30"), 2, 40, "partner", ["partner"],
     "Een kennismaking met de regelingen voor energiebesparing en verduurzaming: EIA, "
     "MIA/Vamil en de provinciale regelingen. Na afloop is er gelegenheid om uw eigen "
     "plannen voor te leggen aan het ondernemersloket.", {}),
    ("dashboard", "Workshop: uw eerste dashboard van Excel naar inzicht", "workshop",
     "in_person", "Heerlen Data Solutions, Akerstraat 101, Heerlen", None, (12, "13:00"), 3,
     3, "expert", ["expert"],
     "Neem uw laptop en een eigen Excel-bestand mee. We bouwen samen een eenvoudig "
     "dashboard met omzet, marge en openstaande posten. Maximaal drie deelnemers, zodat "
     "iedereen persoonlijke begeleiding krijgt.", {}),
    ("grens", "Netwerkbijeenkomst Noord-Limburg: ondernemen over de grens", "network",
     "in_person", "Zaal De Maasoever, Kaden 3, Venlo", None, (21, "19:30"), 2.5, 80,
     "partner", [],
     "Ondernemers die al zaken doen in Duitsland vertellen over hun ervaringen. Daarna "
     "netwerken met een Limburgs hapje. Aanmelden kan tot een week van tevoren.",
     {"deadline_days_before": 7}),
    ("overdracht", "Masterclass bedrijfsoverdracht voor familiebedrijven", "masterclass",
     "online", None, JITSI + "bedrijfsoverdracht", (35, "10:00"), 2, 30, "admin",
     ["expert2", "consultant"],
     "Hoe draagt u uw bedrijf over aan de volgende generatie of aan een koper? Over "
     "waardebepaling, financiering van de overname en de fiscale kant. Alleen voor "
     "bedrijven met een abonnement.", {"requires_subscription": True}),
    ("ontbijt", "Netwerkontbijt Parkstad", "network", "in_person",
     "Bakkerij-café De Vlaai, Hoofdstraat 20, Kerkrade", None, (6, "07:30"), 1.5, 25,
     "moderator", [],
     "Ontbijten met ondernemers uit Parkstad: korte pitches en nieuwe contacten.",
     {"cancelled": "Door de verbouwing van de locatie verplaatsen we het ontbijt naar het "
                   "voorjaar."}),
    ("personeel", "Masterclass personeel vinden en binden", "masterclass", "hybrid",
     "Bedrijvencentrum Kempenpoort, Kanaalweg 5, Weert", JITSI + "personeel-vinden",
     (-10, "14:00"), 2, 50, "partner", ["presentator"],
     "Tom Heijnen over werven via het onderwijs, zij-instromers en goed werkgeverschap. "
     "Met voorbeelden van Limburgse transport- en maakbedrijven.", {"past": True}),
    ("webshop", "Workshop: webshop en boekhouding koppelen", "workshop", "online", None,
     JITSI + "webshop-boekhouding", (-20, "19:00"), 2, 20, "expert", ["expert"],
     "Welke koppelingen zijn er tussen webshop en boekhoudpakket, en waar let u op bij de "
     "btw? Met een demonstratie en tijd voor vragen.", {"past": True}),
]

# who is registered for which event: (key, [registered], [waitlisted])
REGISTRATIONS = {
    "live": (["ondernemer", "ondernemer2", "ondernemer3", "ondernemer4", "ondernemer5",
              "consultant"], []),
    "subsidies": (["ondernemer", "ondernemer3", "ondernemer4"], []),
    "dashboard": (["ondernemer4", "ondernemer5", "ondernemer2"], ["ondernemer"]),
    "grens": (["ondernemer2", "ondernemer4"], []),
    "overdracht": (["ondernemer"], []),
    "ontbijt": (["ondernemer", "ondernemer3"], []),
    "personeel": (["ondernemer", "ondernemer2", "ondernemer4", "ondernemer5"], []),
    "webshop": (["ondernemer5", "ondernemer", "ondernemer3"], []),
}

# past events: (key, {user: "online"|"in_person"} attended, feedback [(user, rating, text)],
#               materials [(title, url)], recording)
AFTERWARDS = {
    "personeel": ({"ondernemer": "in_person", "ondernemer4": "online",
                   "ondernemer5": "online"},
                  [("ondernemer", 5, "Heel praktisch; het BBL-traject gaan we proberen."),
                   ("ondernemer4", 4, "Goede voorbeelden uit de transportsector.")],
                  [("Presentatie personeel vinden en binden (pdf)",
                    "https://mkb-limburg.example/materialen/personeel-vinden.pdf")],
                  "https://mkb-limburg.example/opnames/personeel-vinden"),
    "webshop": ({"ondernemer5": "online", "ondernemer": "online"},
                [("ondernemer5", 4, "Duidelijk, al had ik meer over WooCommerce gewild.")],
                [("Checklist koppeling webshop-boekhouding",
                  "https://mkb-limburg.example/materialen/checklist-koppeling.pdf")],
                None),
}


def load(ctx) -> None:
    users = ctx.users
    now = utcnow().replace(second=0, microsecond=0)
    for (key, title, kind, fmt, address, video, minutes, hours, capacity, organiser,
         presenters, description, extra) in EVENTS:
        starts = _start(now, minutes)
        ends = starts + dt.timedelta(hours=hours)
        created = min(now, starts) - dt.timedelta(days=14)
        event = Event(
            slug=_unique_slug(title, starts), title=title, kind=kind, format=fmt,
            description_md=description, description_html=render_markdown(description),
            address=address, conference_url=video, starts_at=starts, ends_at=ends,
            capacity=capacity, organiser_id=users[organiser].id,
            requires_subscription=bool(extra.get("requires_subscription")),
            checkin_code=new_checkin_code(), status="published", created_at=created,
            updated_at=created)
        if "deadline_days_before" in extra:
            event.registration_deadline = starts - dt.timedelta(days=extra["deadline_days_before"])
        if "cancelled" in extra:
            event.status = "cancelled"
            event.cancelled_at = now - dt.timedelta(days=1)
            event.cancel_reason = extra["cancelled"]
        event.presenters = [users[p] for p in presenters]
        db.session.add(event)
        db.session.flush()
        registered, waitlisted = REGISTRATIONS.get(key, ([], []))
        for n, person in enumerate(registered + waitlisted):
            db.session.add(Registration(
                event_id=event.id, user_id=users[person].id,
                status="registered" if person in registered else "waitlisted",
                created_at=created + dt.timedelta(hours=2 + n * 5)))
        db.session.flush()
        if key in AFTERWARDS:
            _afterwards(event, users, *AFTERWARDS[key])


def _start(now: dt.datetime, when) -> dt.datetime:
    if isinstance(when, int):
        return now + dt.timedelta(minutes=when)
    days, clock = when
    zone = local_zone()
    day = now.astimezone(zone).date() + dt.timedelta(days=days)
    hour, minute = (int(x) for x in clock.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute,
                       tzinfo=zone).astimezone(dt.UTC)


def _afterwards(event: Event, users, attended, feedback, materials, recording) -> None:
    for reg in db.session.scalars(db.select(Registration)
                                  .where(Registration.event_id == event.id)):
        how = attended.get(next(k for k, u in users.items() if u.id == reg.user_id))
        if how:
            reg.attended_at = event.starts_at + dt.timedelta(minutes=3)
            reg.attended_how = how
    after = event.ends_at + dt.timedelta(hours=5)
    for person, rating, comment in feedback:
        db.session.add(EventFeedback(event_id=event.id, user_id=users[person].id,
                                     rating=rating, comment=comment, created_at=after,
                                     updated_at=after))
    for title, url in materials:
        db.session.add(EventMaterial(event_id=event.id, title=title, url=url,
                                     created_at=after, added_by_id=event.organiser_id))
    event.recording_url = recording
