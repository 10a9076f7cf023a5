"""Demo content for Limburg: fictional companies and people (never real names).

``load(app)`` is idempotent: it does nothing when the demo admin already exists. Every
feature package may have a ``demo`` module with ``load(ctx)``; plugins use the
``register_demo_content`` hook. All demo accounts share one password (README).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from .accounts.models import User
from .accounts.passwords import hash_password
from .companies.models import Company, CompanyMember
from .db import utcnow
from .extensions import db
from .tags import ensure_themes, tags_for
from .taxonomy import region_of, sector_of

DEMO_PASSWORD = "vlaai-mergel-heuvelland"  # noqa: S105  (documented demo login)
DOMAIN = "demo.mkb-limburg.example"

# (name, kvk, sbi, size, municipality, description)
COMPANIES = [
    ("Bakkerij Hermans", "60000001", "1071", "micro", "Sittard-Geleen",
     "Ambachtelijke bakkerij met drie filialen; Limburgse vlaai sinds 1962."),
    ("Maasdal Metaalbewerking B.V.", "60000002", "2562", "small", "Venlo",
     "Precisieverspaning en plaatwerk voor de maakindustrie in de Euregio."),
    ("Heuvelland Hoeve", "60000003", "0141", "micro", "Gulpen-Wittem",
     "Melkveehouderij met hoevewinkel en zuivel uit eigen stal."),
    ("Kempen Logistiek", "60000004", "4941", "medium", "Venray",
     "Wegtransport en warehousing, 80 vrachtwagens, steeds meer elektrisch."),
    ("Studio Vijlen Webdesign", "60000005", "6201", "solo", "Vaals",
     "Websites en webshops voor zelfstandigen en kleine ondernemers."),
    ("Roerstreek Installatietechniek", "60000006", "4322", "small", "Roermond",
     "Warmtepompen, zonnepanelen en klimaatinstallaties voor woning en bedrijf."),
    ("Mergelland Reizen", "60000007", "7912", "micro", "Valkenburg aan de Geul",
     "Groepsreizen en bedrijfsuitjes in Zuid-Limburg en de Ardennen."),
    ("Brunssum Zorgtechniek", "60000008", "3250", "small", "Brunssum",
     "Hulpmiddelen en sensoren voor thuiszorg en revalidatie."),
    ("Peel Paddenstoelen", "60000009", "0113", "small", "Horst aan de Maas",
     "Kwekerij van oesterzwammen op reststromen van koffie."),
    ("Weerter Drukwerk & Print", "60000010", "1812", "micro", "Weert",
     "Offset- en digitaal drukwerk, duurzaam papier en korte levertijden."),
    ("Heerlen Data Solutions", "60000011", "6202", "small", "Heerlen",
     "Data-analyse en dashboards voor het mkb; van Excel naar inzicht."),
    ("Meerssen Meubelmakerij", "60000012", "3101", "micro", "Meerssen",
     "Maatwerkmeubels uit Europees hout, voor kantoren en horeca."),
    ("Kerkrade Kunststof Recycling", "60000013", "3832", "medium", "Kerkrade",
     "Verwerking van kunststofafval tot granulaat voor nieuwe producten."),
    ("Echter Elektrotechniek", "60000014", "2712", "small", "Echt-Susteren",
     "Schakelkasten en besturingen voor machinebouw."),
    ("Maastricht Vertaalbureau Drielandenpunt", "60000015", "7430", "solo", "Maastricht",
     "Vertalingen Nederlands, Duits, Frans en Engels voor technische documentatie."),
    ("Stein Chemie Advies", "60000016", "7112", "micro", "Stein",
     "Procesveiligheid en vergunningen voor kleine chemische bedrijven."),
    ("Leudal Landbouwmechanisatie", "60000017", "4661", "small", "Leudal",
     "Verkoop, verhuur en onderhoud van landbouwmachines."),
    ("Landgraaf Bouwbedrijf Op de Kamp", "60000018", "4120", "small", "Landgraaf",
     "Woningbouw en renovatie, specialist in energieneutraal verbouwen."),
    ("Gennep Groente Coöperatie", "60000019", "4631", "medium", "Gennep",
     "Afzetcoöperatie van twaalf tuinbouwbedrijven in Noord-Limburg."),
    ("Simpelveld Stoomtrein Café", "60000020", "5610", "micro", "Simpelveld",
     "Café-restaurant aan het spoor; streekproducten en groepsarrangementen."),
    ("Beekdaelen Bedrijfsadvies", "60000021", "7022", "solo", "Beekdaelen",
     "Advies bij bedrijfsoverdracht en financiering voor familiebedrijven."),
    ("Nederweert Nieuwe Energie", "60000022", "3511", "micro", "Nederweert",
     "Lokale energiecoöperatie: zonneparken en een buurtbatterij."),
    ("Maasgouw Jachthaven Services", "60000023", "3315", "micro", "Maasgouw",
     "Onderhoud en stalling van sloepen en zeilboten aan de Maasplassen."),
    ("Venlo Vision Systems", "60000024", "2670", "small", "Venlo",
     "Camerasystemen voor kwaliteitscontrole in productielijnen."),
]


@dataclass
class Person:
    key: str
    name: str
    role: str
    job_title: str
    company: int | None = None  # index into COMPANIES; owner when first for that company
    municipality: str | None = None
    expertise: list[str] = field(default_factory=list)
    bio: str = ""


PEOPLE = [
    Person("admin", "Petra Claessens", "admin", "Programmamanager MKB Limburg",
           municipality="Maastricht", bio="Programmabureau: beheer, facturatie en inzichten."),
    Person("moderator", "Ruud Lemmens", "moderator", "Communitymanager",
           municipality="Sittard-Geleen", bio="Houdt de community levendig en veilig."),
    Person("ondernemer", "Sanne Hermans", "member", "Eigenaar", company=0,
           municipality="Sittard-Geleen", expertise=["duurzaamheid", "personeel"],
           bio="Derde generatie bakker; bezig met een elektrische oven en een webshop."),
    Person("ondernemer2", "Bram Janssen", "member", "Directeur", company=1,
           municipality="Venlo", expertise=["innovatie", "export"],
           bio="Wil groeien naar Duitsland en zoekt financiering voor een nieuwe lasrobot."),
    Person("ondernemer3", "Lotte Willems", "member", "Eigenaar", company=2,
           municipality="Gulpen-Wittem", expertise=["duurzaamheid"]),
    Person("ondernemer4", "Mehmet Yilmaz", "member", "Operationeel manager", company=3,
           municipality="Venray", expertise=["digitalisering", "groei"]),
    Person("ondernemer5", "Iris Kessels", "member", "Zelfstandig webdesigner", company=4,
           municipality="Vaals", expertise=["digitalisering"]),
    Person("expert", "Joep Vranken", "expert", "Adviseur digitalisering",
           municipality="Heerlen", expertise=["digitalisering", "innovatie", "webshops"],
           bio="Twintig jaar ervaring met ERP en webshops in het mkb."),
    Person("expert2", "Anouk Smeets", "expert", "Financieringsspecialist",
           municipality="Roermond", expertise=["financiering", "groei", "bedrijfsoverdracht"],
           bio="Helpt ondernemers de weg te vinden in subsidies, leningen en garanties."),
    Person("partner", "Koen Geurts", "partner", "Accountmanager ondernemersloket",
           municipality="Venlo", expertise=["financiering", "subsidies"],
           bio="Ondernemersloket van een Limburgse gemeente: eerste aanspreekpunt."),
    Person("consultant", "Eva Bosch", "consultant", "Consultant intensief supporttraject",
           municipality="Maastricht", expertise=["groei", "financiering"],
           bio="Maakt van groeiambities financierbare businessplannen."),
    Person("presentator", "Tom Heijnen", "expert", "Trainer masterclasses",
           municipality="Weert", expertise=["personeel", "groei"]),
]


def email_for(key: str) -> str:
    return f"{key}@{DOMAIN}"


@dataclass
class DemoContext:
    """What feature demos get: the people by key and the companies in list order."""

    app: object
    users: dict[str, User]
    companies: list[Company]
    password_hash: str


def load(app) -> bool:
    if db.session.scalar(db.select(User.id).where(User.email == email_for("admin"))):
        return False
    ensure_themes()
    password_hash = hash_password(DEMO_PASSWORD)
    now = utcnow()
    companies = []
    for name, kvk, sbi, size, municipality, description in COMPANIES:
        company = Company(name=name, slug=_slug(name), kvk_number=kvk, sbi_code=sbi,
                          sector=sector_of(sbi), size_class=size, municipality=municipality,
                          region=region_of(municipality), description=description,
                          website=f"https://{_slug(name)}.example",
                          verification="verified", verified_source="demo", verified_at=now)
        db.session.add(company)
        companies.append(company)
    users: dict[str, User] = {}
    owners: set[int] = set()
    for p in PEOPLE:
        user = User(email=email_for(p.key), name=p.name, role=p.role, job_title=p.job_title,
                    municipality=p.municipality, bio=p.bio or None, password_hash=password_hash,
                    confirmed_at=now, visibility="members")
        user.expertise = tags_for(p.expertise)
        db.session.add(user)
        users[p.key] = user
        if p.company is not None:
            role = "member" if p.company in owners else "owner"
            owners.add(p.company)
            db.session.add(CompanyMember(company=companies[p.company], user=user, role=role))
    db.session.flush()
    ctx = DemoContext(app=app, users=users, companies=companies, password_hash=password_hash)
    from .app import FEATURES

    for name in FEATURES:
        try:
            module = import_module(f"{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.demo":
                raise
            continue
        module.load(ctx)
        db.session.flush()
    db.session.commit()
    from .plugins import hook

    hook().register_demo_content(app=app)
    db.session.commit()
    return True


def _slug(name: str) -> str:
    from slugify import slugify

    return slugify(name, max_length=150)
