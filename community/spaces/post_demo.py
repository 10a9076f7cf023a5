"""Demo best-practice posts, comments, replies, "nuttig" and bookmarks for the demo spaces.

Called by ``spaces/demo.py`` as ``load(ctx, spaces)`` (``spaces``: slug -> Space). Rows are
written directly with realistic, back-dated times (the first-day limits of the trust
rules would otherwise stop the freshly made demo people); the HTML is rendered and
sanitised exactly as the services do, mentions included, and the counters match the rows.
"""
from __future__ import annotations

import datetime as dt

from ..db import utcnow
from ..extensions import db
from ..tags import tags_for
from . import attachments
from .mentions import render_body
from .post_models import Attachment, Bookmark, Comment, Post, Reaction
from .post_services import author_company

SUBSIDY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

# space slug, author key, days ago, title, body, tags, extras
POSTS = [
    ("digitalisering-in-de-maakindustrie", "ondernemer2", 38,
     "Van papieren werkbon naar tablet in zes weken",
     "Bij Maasdal Metaalbewerking werkten we tot vorig jaar met papieren werkbonnen. "
     "Elke week zochten we uren naar tekeningen en urenbriefjes.\n\n"
     "**Wat we deden**\n\n"
     "1. Eén werkplek als proef: de zetbank, met een tablet in een stevige houder.\n"
     "2. Werkbonnen digitaal uit ons ERP, met de tekening erbij.\n"
     "3. Na twee weken evalueren met de operators zelf, pas daarna uitrollen.\n\n"
     "**Resultaat:** zo'n 6 uur per week minder zoekwerk en nacalculatie die eindelijk klopt.\n\n"
     "Tip: laat de operators de houder kiezen. @joep-vranken hielp ons met de koppeling.",
     ["digitalisering", "erp", "werkvloer"], {"featured": True}),
    ("digitalisering-in-de-maakindustrie", "ondernemer4", 24,
     "Sensoren op de koelcellen: alarm vóór het misgaat",
     "We hebben in ons warehouse in Venray twaalf temperatuursensoren geplaatst die elke "
     "minuut meten. Gaat een koelcel langer dan tien minuten boven de 7 °C, dan krijgt de "
     "ploegleider een sms.\n\n"
     "Kosten: ongeveer € 2.400 voor sensoren en een jaar abonnement. De eerste keer dat een "
     "deur bleef openstaan, was de investering terugverdiend.\n\n"
     "| Onderdeel | Kosten |\n|---|---|\n| Sensoren (12) | € 1.500 |\n| Gateway | € 300 |\n"
     "| Abonnement (jaar) | € 600 |",
     ["digitalisering", "logistiek", "sensoren"], {}),
    ("digitalisering-in-de-maakindustrie", "ondernemer5", 9,
     "Webshop koppelen aan je boekhouding: drie valkuilen",
     "Voor klanten koppel ik vaak een webshop aan de boekhouding. Drie dingen gaan bijna "
     "altijd mis:\n\n"
     "- **Btw-tarieven** per product niet goed ingesteld (denk aan 9% en 21% door elkaar).\n"
     "- **Retouren** die wel in de webshop staan maar niet als creditnota in de boekhouding.\n"
     "- **Betaalkosten** van de payment provider die nergens geboekt worden.\n\n"
     "Controleer na de eerste maand altijd de omzet in beide systemen naast elkaar.",
     ["digitalisering", "webshops", "financiering"], {}),
    ("duurzaam-ondernemen-noord-limburg", "ondernemer4", 30,
     "Eerste elektrische vrachtwagens: wat valt mee en wat tegen",
     "Sinds het voorjaar rijden bij Kempen Logistiek vier elektrische trekkers op vaste "
     "ritten naar Venlo en Eindhoven.\n\n"
     "**Valt mee:** chauffeurs zijn enthousiast, het rijdt rustiger en stiller.\n\n"
     "**Valt tegen:** de netaansluiting. Netbeheerder Enexis had een wachttijd van 14 maanden "
     "voor verzwaring. We laden nu deels 's nachts met een buffer.\n\n"
     "Begin met de netaansluiting, niet met de vrachtwagens.",
     ["duurzaamheid", "transport", "netcongestie"], {"official": True}),
    ("duurzaam-ondernemen-noord-limburg", "ondernemer3", 14,
     "Zonnepanelen op de stal én de buren laten meedoen",
     "Op onze hoeve in Gulpen-Wittem liggen nu 240 panelen op de stal. We wekken meer op "
     "dan we gebruiken, dus we verkopen stroom aan drie buurbedrijven via een lokale "
     "energiecoöperatie.\n\nDe Subsidiewijzer die we gebruikten hangt als bijlage bij dit "
     "bericht.",
     ["duurzaamheid", "energie", "agrarisch"], {"attachment": "Subsidiewijzer zon op stal.pdf"}),
    ("duurzaam-ondernemen-noord-limburg", "ondernemer", 60,
     "Subsidie voor een elektrische oven (regeling 2024)",
     "Voor de nieuwe elektrische oven van de bakkerij kregen we 30% subsidie via de "
     "regeling van 2024. Let op: de regeling is inmiddels gewijzigd, dus check de actuele "
     "voorwaarden bij het ondernemersloket.",
     ["duurzaamheid", "financiering", "subsidie"], {"review_days_ago": 20}),
    ("familiebedrijven-en-bedrijfsoverdracht", "ondernemer", 21,
     "De vierde generatie? Hoe wij het gesprek aan de keukentafel begonnen",
     "Mijn vader is 67 en wil 'nog even door'. Mijn broer en ik wilden weten waar we aan "
     "toe zijn. Wat hielp:\n\n"
     "- Een externe gespreksleider (via het supporttraject) aan tafel.\n"
     "- Eerst praten over wat iedereen *wil*, pas daarna over geld.\n"
     "- Een tijdpad op papier, ook al is het voorlopig.\n\n"
     "Het was spannend, maar het lucht enorm op.",
     ["bedrijfsoverdracht", "familiebedrijf"], {}),
    ("familiebedrijven-en-bedrijfsoverdracht", "ondernemer3", 7,
     "Waardering van een agrarisch bedrijf: let op de grond",
     "Bij de overdracht van onze hoeve bleek de waarde van de grond alles te bepalen. "
     "Laat die apart taxeren en bespreek vroeg met de bank hoe de opvolger dat kan "
     "financieren.",
     ["bedrijfsoverdracht", "financiering", "agrarisch"], {}),
    ("export-naar-duitsland-en-belgie", "ondernemer2", 18,
     "Eerste klant in NRW: beurs, Duitse website en geduld",
     "Na twee jaar proberen hebben we onze eerste vaste klant in Mönchengladbach. "
     "Wat het verschil maakte:\n\n"
     "1. Een Duitse website met Duitse contactpersoon (geen vertaalmachine).\n"
     "2. Twee keer achter elkaar op dezelfde regionale beurs staan.\n"
     "3. Leveren volgens DIN-normen en dat ook zo noemen in de offerte.\n\n"
     "Duitse klanten beslissen langzamer, maar blijven ook langer.",
     ["export", "duitsland", "groei"], {"featured": True}),
    ("export-naar-duitsland-en-belgie", "ondernemer4", 4,
     "Btw bij leveren aan Belgische klanten: zo doen wij het",
     "Voor leveringen aan Belgische bedrijven passen we de btw-verlegging toe. Controleer "
     "altijd het btw-nummer van je klant in VIES en bewaar het resultaat bij de factuur.",
     ["export", "belgie", "financiering"], {}),
    ("early-birds", "ondernemer", 3,
     "Wat ik tot nu toe van het platform vind",
     "Ik gebruik het platform nu twee weken. De ruimtes zijn fijn, vooral de "
     "praktijkvoorbeelden. Wat ik mis: een manier om berichten te bewaren voor later. "
     "(Oh wacht, dat kan met *Bewaren* — top!)\n\n@ruud-lemmens, komt er ook een app?",
     ["digitalisering"], {}),
]

# post index, author key, hours after the post, body, reply-to (index in this post's list)
COMMENTS = [
    (0, "ondernemer4", 5, "Herkenbaar! Welke tablethouder hebben jullie gekozen?", None),
    (0, "ondernemer2", 7, "Een RAM-mount met afsluitbare klem. Kost wat, maar valt niet om.", 0),
    (0, "expert", 26, "Mooi voorbeeld. Belangrijk dat de operators zelf mochten testen: dat "
                      "maakt het verschil bij invoering.", None),
    (0, "presentator", 50, "Mag ik dit voorbeeld gebruiken in de masterclass digitalisering?",
     None),
    (0, "ondernemer2", 52, "Natuurlijk, graag zelfs.", 3),
    (1, "ondernemer2", 3, "Welke leverancier gebruiken jullie voor de sms-alarmen?", None),
    (1, "ondernemer4", 6, "Een Limburgse partij, stuur me gerust een bericht.", 5),
    (2, "ondernemer", 20, "Die retouren! Daar liep onze bakkerijwebshop ook op vast.", None),
    (3, "ondernemer2", 10, "Wachttijd van 14 maanden... Hebben jullie een tijdelijke "
                           "oplossing via een buurbedrijf overwogen?", None),
    (3, "ondernemer4", 12, "Ja, we delen nu de aansluiting met de buren via een "
                           "groepscontract. Werkt goed.", 8),
    (3, "expert2", 30, "Voor de laadinfra is er soms regionale financiering: vraag het "
                       "ondernemersloket.", None),
    (4, "ondernemer", 8, "Wat een mooi idee om de buren mee te laten doen!", None),
    (6, "ondernemer3", 30, "Dank voor het delen. Die externe gespreksleider ga ik ook "
                           "voorstellen.", None),
    (6, "consultant", 40, "Goed dat je eerst over wensen praatte en niet over geld. Dat is "
                          "vaak de sleutel.", None),
    (8, "expert2", 20, "Voor exportfinanciering is er ook een garantieregeling. Kom gerust "
                       "langs.", None),
    (8, "partner", 30, "Het ondernemersloket organiseert in maart een NRW-handelsmissie.",
     None),
    (9, "ondernemer2", 6, "Handig, die VIES-check vergeten we weleens.", None),
    (10, "moderator", 4, "Dank je, Sanne! Een app staat op de lijst; zet hem gerust ook op het "
                         "feedbackbord.", None),
]

# (post index, user keys who found it useful)
POST_REACTIONS = [
    (0, ["ondernemer4", "expert", "ondernemer5", "presentator", "partner", "consultant"]),
    (1, ["ondernemer2", "expert"]),
    (2, ["ondernemer", "ondernemer2", "expert"]),
    (3, ["ondernemer2", "ondernemer3", "expert2", "partner"]),
    (4, ["ondernemer", "ondernemer4"]),
    (6, ["ondernemer3", "consultant", "expert2"]),
    (8, ["expert2", "ondernemer4", "partner"]),
    (9, ["ondernemer2"]),
]
# (comment index in COMMENTS, user keys)
COMMENT_REACTIONS = [(2, ["ondernemer2", "ondernemer4"]), (9, ["ondernemer2"]),
                     (10, ["ondernemer4"]), (13, ["ondernemer"])]
BOOKMARKS = [("ondernemer", 3), ("ondernemer", 8), ("ondernemer2", 1), ("ondernemer3", 5)]


def load(ctx, spaces: dict) -> None:
    users = ctx.users
    now = utcnow()
    posts: list[Post] = []
    for slug, author_key, days, title, body, tags, extra in POSTS:
        space = spaces.get(slug)
        if space is None:
            continue
        author = users[author_key]
        when = now - dt.timedelta(days=days, hours=3)
        html, _people = render_body(body)
        post = Post(space_id=space.id, author_id=author.id, title=title, body_md=body,
                    body_html=html, status="published", created_at=when, updated_at=when,
                    last_activity_at=when, is_featured=extra.get("featured", False),
                    is_official=extra.get("official", False))
        post.company = author_company(author)
        post.tags = tags_for(tags)
        if "review_days_ago" in extra:
            post.review_on = (now - dt.timedelta(days=extra["review_days_ago"])).date()
        db.session.add(post)
        db.session.flush()
        if "attachment" in extra:
            upload = attachments.Upload(filename=extra["attachment"].replace(" ", "_"),
                                        content_type="application/pdf", data=SUBSIDY_PDF)
            db.session.add(Attachment(post_id=post.id, uploader_id=author.id,
                                      filename=upload.filename,
                                      stored_name=attachments.write(upload),
                                      content_type=upload.content_type, size=upload.size))
        posts.append(post)
    if len(posts) != len(POSTS):
        return  # another demo set: keep it simple and skip the conversation

    comments: list[Comment] = []
    for post_index, author_key, hours, body, reply_to in COMMENTS:
        post = posts[post_index]
        when = post.created_at + dt.timedelta(hours=hours)
        parent = comments[reply_to] if reply_to is not None else None
        html, _people = render_body(body)
        comment = Comment(post_id=post.id, author_id=users[author_key].id,
                          parent_id=parent.id if parent else None, body_md=body,
                          body_html=html, status="published", created_at=when, updated_at=when)
        db.session.add(comment)
        db.session.flush()
        comments.append(comment)
        post.comment_count += 1
        post.last_activity_at = max(post.last_activity_at, when)

    for post_index, keys in POST_REACTIONS:
        post = posts[post_index]
        for key in keys:
            db.session.add(Reaction(target_type="post", target_id=post.id,
                                    user_id=users[key].id, created_at=post.created_at))
        post.reaction_count = len(keys)
    for comment_index, keys in COMMENT_REACTIONS:
        comment = comments[comment_index]
        for key in keys:
            db.session.add(Reaction(target_type="comment", target_id=comment.id,
                                    user_id=users[key].id, created_at=comment.created_at))
        comment.reaction_count = len(keys)
    for key, post_index in BOOKMARKS:
        db.session.add(Bookmark(user_id=users[key].id, post_id=posts[post_index].id))
    db.session.flush()
