"""Fixed vocabularies of the region: municipalities and regions of Limburg, SBI sections,
company size classes. Labels are translatable; keys are stable and stored in the database.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

REGIONS = {
    "noord": _l("North Limburg"),
    "midden": _l("Central Limburg"),
    "zuid": _l("South Limburg"),
}

# Municipality -> region key. Names are proper nouns and not translated.
MUNICIPALITIES = {
    "Beesel": "noord", "Bergen": "noord", "Gennep": "noord", "Horst aan de Maas": "noord",
    "Mook en Middelaar": "noord", "Peel en Maas": "noord", "Venlo": "noord", "Venray": "noord",
    "Echt-Susteren": "midden", "Leudal": "midden", "Maasgouw": "midden",
    "Nederweert": "midden", "Roerdalen": "midden", "Roermond": "midden", "Weert": "midden",
    "Beek": "zuid", "Beekdaelen": "zuid", "Brunssum": "zuid", "Eijsden-Margraten": "zuid",
    "Gulpen-Wittem": "zuid", "Heerlen": "zuid", "Kerkrade": "zuid", "Landgraaf": "zuid",
    "Maastricht": "zuid", "Meerssen": "zuid", "Simpelveld": "zuid", "Sittard-Geleen": "zuid",
    "Stein": "zuid", "Vaals": "zuid", "Valkenburg aan de Geul": "zuid", "Voerendaal": "zuid",
}

# SBI 2008 sections (first level); a company's sector is derived from its SBI code.
SECTORS = {
    "A": _l("Agriculture, forestry and fishing"),
    "B": _l("Mining and quarrying"),
    "C": _l("Manufacturing"),
    "D": _l("Energy supply"),
    "E": _l("Water supply and waste management"),
    "F": _l("Construction"),
    "G": _l("Wholesale and retail trade"),
    "H": _l("Transport and storage"),
    "I": _l("Accommodation and food service"),
    "J": _l("Information and communication"),
    "K": _l("Financial services"),
    "L": _l("Real estate"),
    "M": _l("Professional, scientific and technical services"),
    "N": _l("Administrative and support services"),
    "O": _l("Public administration"),
    "P": _l("Education"),
    "Q": _l("Health and social work"),
    "R": _l("Culture, sports and recreation"),
    "S": _l("Other services"),
}

# SBI division (first two digits) ranges per section, from the SBI 2008 structure.
_SECTION_BY_DIVISION = [
    (1, 3, "A"), (6, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"),
    (45, 47, "G"), (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"),
    (69, 75, "M"), (77, 82, "N"), (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"),
    (94, 99, "S"),
]

SIZE_CLASSES = {
    "solo": _l("Self-employed (1)"),
    "micro": _l("2 to 9 employees"),
    "small": _l("10 to 49 employees"),
    "medium": _l("50 to 249 employees"),
}


def region_of(municipality: str | None) -> str | None:
    return MUNICIPALITIES.get(municipality or "")


def sector_of(sbi_code: str | None) -> str | None:
    """The SBI section letter for an SBI code such as '6201' or '01241'."""
    if not sbi_code or not sbi_code[:2].isdigit():
        return None
    division = int(sbi_code[:2])
    for low, high, section in _SECTION_BY_DIVISION:
        if low <= division <= high:
            return section
    return None
