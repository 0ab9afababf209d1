"""Country → sales region.

CRM and enrichment data spell countries in many ways ("United States", "US", "USA",
"U.S.", "Deutschland", "de"). `country_code` folds them to an ISO 3166-1 alpha-2 code and
`region_of` maps that to one of the sales regions used for scoring and reports:
``NA`` (United States, Canada), ``EMEA``, ``APAC``, ``LATAM`` (Mexico, Central and South
America, the Caribbean) or ``unknown`` when the value is blank or not recognised.

>>> region_of("U.S.")
'NA'
>>> region_of("Deutschland")
'EMEA'
>>> region_of("br")
'LATAM'
>>> region_of("Atlantis")
'unknown'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

NA: Final = "NA"
EMEA: Final = "EMEA"
APAC: Final = "APAC"
LATAM: Final = "LATAM"
UNKNOWN: Final = "unknown"
REGIONS: Final = (NA, EMEA, APAC, LATAM, UNKNOWN)

_CODES_BY_REGION: Final[dict[str, str]] = {
    NA: "US CA PM GL BM UM",
    EMEA: (
        "GB IE FR DE NL BE LU CH AT IT ES PT SE NO DK FI IS EE LV LT PL CZ SK HU SI HR BA RS "
        "ME MK AL GR BG RO MD UA BY RU CY MT MC SM VA LI AD GI FO AX JE GG IM XK TR GE AM AZ "
        "IL PS JO LB SY IQ IR KW SA BH QA AE OM YE EG LY TN DZ MA EH SD SS ET ER DJ SO KE UG "
        "TZ RW BI CD CG GA GQ CM CF TD NE NG BJ TG GH CI LR SL GN GW SN GM ML BF MR CV ST AO "
        "ZM ZW MW MZ NA BW ZA LS SZ MG MU SC KM RE YT SH"
    ),
    APAC: (
        "CN HK MO TW JP KR KP MN IN PK BD LK NP BT MV AF KZ KG TJ TM UZ MM TH LA KH VN MY SG "
        "ID BN PH TL AU NZ PG FJ SB VU NC PF WS TO KI TV NR FM MH PW GU MP AS CK NU TK WF NF "
        "CX CC IO"
    ),
    LATAM: (
        "MX GT BZ SV HN NI CR PA CU JM HT DO PR BS BB TT AG DM GD KN LC VC AI AW BQ CW SX MF "
        "BL GP MQ KY TC VG VI MS CO VE EC PE BO CL AR UY PY BR GY SR GF FK GS"
    ),
}

REGION_BY_CODE: Final[dict[str, str]] = {
    code: region for region, codes in _CODES_BY_REGION.items() for code in codes.split()
}

# Names and common spellings (already folded: lower case, no accents, no punctuation).
_ALIASES: Final[dict[str, str]] = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "america": "US", "us of america": "US", "estados unidos": "US", "etats unis": "US",
    "vereinigte staaten": "US", "canada": "CA", "kanada": "CA",
    "united kingdom": "GB", "uk": "GB", "great britain": "GB", "britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "ireland": "IE", "eire": "IE", "france": "FR", "germany": "DE", "deutschland": "DE",
    "netherlands": "NL", "the netherlands": "NL", "holland": "NL", "nederland": "NL",
    "belgium": "BE", "belgique": "BE", "belgie": "BE", "luxembourg": "LU",
    "switzerland": "CH", "schweiz": "CH", "suisse": "CH", "austria": "AT",
    "osterreich": "AT", "oesterreich": "AT", "italy": "IT", "italia": "IT", "spain": "ES",
    "espana": "ES", "portugal": "PT", "sweden": "SE", "sverige": "SE", "norway": "NO",
    "norge": "NO", "denmark": "DK", "danmark": "DK", "finland": "FI", "suomi": "FI",
    "iceland": "IS", "estonia": "EE", "latvia": "LV", "lithuania": "LT", "poland": "PL",
    "polska": "PL", "czech republic": "CZ", "czechia": "CZ", "slovakia": "SK",
    "hungary": "HU", "slovenia": "SI", "croatia": "HR", "serbia": "RS", "greece": "GR",
    "bulgaria": "BG", "romania": "RO", "ukraine": "UA", "russia": "RU",
    "russian federation": "RU", "cyprus": "CY", "malta": "MT", "monaco": "MC",
    "liechtenstein": "LI", "turkey": "TR", "turkiye": "TR", "israel": "IL",
    "saudi arabia": "SA", "ksa": "SA", "united arab emirates": "AE", "uae": "AE",
    "qatar": "QA", "kuwait": "KW", "bahrain": "BH", "oman": "OM", "jordan": "JO",
    "lebanon": "LB", "egypt": "EG", "morocco": "MA", "tunisia": "TN", "algeria": "DZ",
    "nigeria": "NG", "kenya": "KE", "ghana": "GH", "ethiopia": "ET", "south africa": "ZA",
    "china": "CN", "peoples republic of china": "CN", "prc": "CN", "hong kong": "HK",
    "taiwan": "TW", "japan": "JP", "nippon": "JP", "south korea": "KR", "korea": "KR",
    "republic of korea": "KR", "india": "IN", "pakistan": "PK", "bangladesh": "BD",
    "sri lanka": "LK", "nepal": "NP", "kazakhstan": "KZ", "thailand": "TH",
    "vietnam": "VN", "viet nam": "VN", "malaysia": "MY", "singapore": "SG",
    "indonesia": "ID", "philippines": "PH", "australia": "AU", "new zealand": "NZ",
    "mexico": "MX", "guatemala": "GT", "costa rica": "CR", "panama": "PA",
    "puerto rico": "PR", "dominican republic": "DO", "jamaica": "JM", "colombia": "CO",
    "venezuela": "VE", "ecuador": "EC", "peru": "PE", "bolivia": "BO", "chile": "CL",
    "argentina": "AR", "uruguay": "UY", "paraguay": "PY", "brazil": "BR", "brasil": "BR",
}  # fmt: skip

# ISO 3166-1 alpha-3 codes for the countries most often written that way.
_ALPHA3: Final[dict[str, str]] = {
    "can": "CA", "gbr": "GB", "irl": "IE", "fra": "FR", "deu": "DE", "ger": "DE",
    "nld": "NL", "bel": "BE", "che": "CH", "aut": "AT", "ita": "IT", "esp": "ES",
    "prt": "PT", "swe": "SE", "nor": "NO", "dnk": "DK", "fin": "FI", "pol": "PL",
    "isr": "IL", "are": "AE", "sau": "SA", "zaf": "ZA", "chn": "CN", "jpn": "JP",
    "kor": "KR", "ind": "IN", "sgp": "SG", "aus": "AU", "nzl": "NZ", "mex": "MX",
    "bra": "BR", "arg": "AR", "chl": "CL", "col": "CO", "per": "PE",
}  # fmt: skip


# "NA" is Namibia's code, but in CRM exports it nearly always means "not available".
_NOT_A_COUNTRY: Final = frozenset({"na", "n a", "none", "null", "unknown", "other", "-"})


def _fold(value: str) -> str:
    """Lower-case, strip accents, drop dots and turn other punctuation into spaces."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.casefold().replace(".", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


@lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """The ISO alpha-2 code for a country name, alias or code; None when unrecognised.

    >>> country_code("U.S.A."), country_code("Österreich"), country_code("gb")
    ('US', 'AT', 'GB')
    """
    if not value:
        return None
    folded = _fold(value)
    if folded in _NOT_A_COUNTRY:
        return None
    if folded in _ALIASES:
        return _ALIASES[folded]
    if len(folded) == 2 and folded.upper() in REGION_BY_CODE:
        return folded.upper()
    if folded.startswith("the "):
        return _ALIASES.get(folded[4:])
    return _ALPHA3.get(folded)


def region_of(country: str | None) -> str:
    """The sales region (NA, EMEA, APAC, LATAM) of a country, or 'unknown'."""
    code = country_code(country)
    return REGION_BY_CODE.get(code, UNKNOWN) if code else UNKNOWN
