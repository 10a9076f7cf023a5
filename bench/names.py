"""Word lists for fictional Limburg companies and people, combined at random.

Names are made by combining common first names, common regional surnames, landscape
words and trades; no combination is meant to be a real person or business.
"""
from __future__ import annotations

FIRST_NAMES = [
    "Sjef", "Jo", "Har", "Sjra", "Lei", "Wiel", "Jean", "Pierre", "Twan", "Bram", "Joep",
    "Luc", "Koen", "Ruud", "Tom", "Stijn", "Thijs", "Bart", "Niels", "Roel", "Guus", "Hub",
    "Math", "Frans", "Mehmet", "Youssef", "Daan", "Sem", "Jesse", "Milan", "Maud", "Mia",
    "Loes", "Truus", "Lieke", "Anouk", "Sanne", "Lotte", "Iris", "Eva", "Petra", "Ellen",
    "Marieke", "Noor", "Fleur", "Femke", "Yvonne", "Ingrid", "Chantal", "Fatma", "Zeynep",
    "Esra", "Julia", "Emma", "Lisa", "Kim", "Nicole", "Anja", "Mirjam", "Wendy",
]

PREFIXES = ["", "", "", "", "", "", "", "", "", "van", "van de", "op de"]  # mostly none

SURNAMES = [
    "Janssen", "Hermans", "Smeets", "Peters", "Willems", "Vossen", "Lemmens", "Geurts",
    "Claessens", "Custers", "Houben", "Schols", "Ramakers", "Notermans", "Coenen", "Kessels",
    "Vranken", "Bemelmans", "Frissen", "Habets", "Hendriks", "Jacobs", "Keulen", "Meijers",
    "Mertens", "Nijsten", "Pluijmen", "Quaedvlieg", "Rutten", "Schreurs", "Stijnen",
    "Thewissen", "Ummels", "Vaessen", "Wetzels", "Zinzen", "Heijnen", "Bosch", "Crombach",
    "Dassen", "Eurlings", "Franssen", "Gulpers", "Hamers", "Jongen", "Kusters", "Loontjens",
    "Moonen", "Offermans", "Pieters", "Raeven", "Sniekers", "Tobben", "Verheggen", "Wolfs",
    "Beckers", "Cremers", "Dohmen", "Engelen", "Goossens",
]

# Landscape and area words used as the first half of a company name.
PLACES = [
    "Maasdal", "Heuvelland", "Mergelland", "Kempen", "Peel", "Roerstreek", "Geuldal",
    "Jekerdal", "Parkstad", "Mijnstreek", "Maasplassen", "Grensland", "Euregio", "Selfkant",
    "Vijlenerbos", "Brunssummerheide", "Leudal", "Meinweg", "Schinveld", "Sint-Pieter",
    "Drielanden", "Geleenbeek", "Swalm", "Niers", "Voerstreek", "Terraarder", "Kelmond",
]

# (trade word, SBI code, description template; {place} is the municipality)
TRADES = [
    ("Bakkerij", "1071", "Ambachtelijke bakkerij met vlaai en streekbrood in {place}."),
    ("Metaalbewerking", "2562", "Verspaning en plaatwerk voor de maakindustrie rond {place}."),
    ("Hoeve", "0141", "Melkveehouderij met hoevewinkel bij {place}."),
    ("Logistiek", "4941", "Wegtransport en opslag vanuit {place}, steeds vaker elektrisch."),
    ("Webdesign", "6201", "Websites en webshops voor ondernemers in {place}."),
    ("Installatietechniek", "4322", "Warmtepompen, zonnepanelen en klimaattechniek in {place}."),
    ("Reizen", "7912", "Groepsreizen en bedrijfsuitjes vanuit {place}."),
    ("Zorgtechniek", "3250", "Hulpmiddelen voor thuiszorg en revalidatie uit {place}."),
    ("Kwekerij", "0113", "Groenten en paddenstoelen uit de kassen van {place}."),
    ("Drukwerk", "1812", "Offset- en digitaal drukwerk met korte levertijden in {place}."),
    ("Data Solutions", "6202", "Dashboards en data-analyse voor het mkb in {place}."),
    ("Meubelmakerij", "3101", "Maatwerkmeubels uit Europees hout, gemaakt in {place}."),
    ("Recycling", "3832", "Verwerking van reststromen tot nieuwe grondstof in {place}."),
    ("Elektrotechniek", "2712", "Schakelkasten en besturingen voor machinebouw in {place}."),
    ("Vertaalbureau", "7430", "Vertalingen Nederlands, Duits en Frans vanuit {place}."),
    ("Advies", "7022", "Advies bij groei, overdracht en financiering in {place}."),
    ("Bouwbedrijf", "4120", "Woningbouw en energieneutraal verbouwen in {place}."),
    ("Café", "5610", "Café-restaurant met streekproducten in {place}."),
    ("Energie", "3511", "Lokale energiecoöperatie met zonnepark bij {place}."),
    ("Jachthaven", "3315", "Onderhoud en stalling van boten bij {place}."),
    ("Vision Systems", "2670", "Camerasystemen voor kwaliteitscontrole uit {place}."),
    ("Accountants", "6920", "Administratie en jaarrekeningen voor ondernemers in {place}."),
    ("Schilders", "4334", "Schilderwerk binnen en buiten voor woningen rond {place}."),
    ("Fietsen", "4764", "Fietsenwinkel met werkplaats en e-bikeverhuur in {place}."),
    ("Brouwerij", "1105", "Kleine brouwerij met proeflokaal in {place}."),
    ("Kinderopvang", "8891", "Kinderdagverblijf en buitenschoolse opvang in {place}."),
]

LEGAL_FORMS = ["", "", "", " B.V.", " B.V.", " V.O.F.", " & Zn."]

JOB_TITLES = {
    "member": ["Eigenaar", "Directeur", "Bedrijfsleider", "Operationeel manager",
               "Financieel manager", "Medewerker marketing", "Werkvoorbereider"],
    "expert": ["Adviseur digitalisering", "Financieringsspecialist", "Exportadviseur",
               "Adviseur duurzaamheid", "HR-adviseur"],
    "partner": ["Accountmanager ondernemersloket", "Relatiemanager zakelijk",
                "Adviseur KvK"],
    "consultant": ["Consultant supporttraject", "Businesscoach"],
    "moderator": ["Communitymanager"],
    "admin": ["Programmamanager"],
}
