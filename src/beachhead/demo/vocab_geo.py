"""Countries, regions and cities (with state and postal code) for company addresses."""

from __future__ import annotations

from typing import NamedTuple


class Country(NamedTuple):
    """A country, its sales region, share of companies, web TLD and fit weight."""

    name: str
    region: str
    share: float
    tld: str
    fit: float
    calling_code: str
    cities: tuple[tuple[str, str, str], ...]  # (city, state, postal code)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "United States",
        "North America",
        0.52,
        "com",
        0.4,
        "1",
        (
            ("New York", "NY", "10001"),
            ("San Francisco", "CA", "94105"),
            ("Austin", "TX", "78701"),
            ("Boston", "MA", "02110"),
            ("Chicago", "IL", "60601"),
            ("Seattle", "WA", "98101"),
            ("Atlanta", "GA", "30303"),
            ("Denver", "CO", "80202"),
            ("Dallas", "TX", "75201"),
            ("Los Angeles", "CA", "90012"),
            ("Miami", "FL", "33131"),
            ("Charlotte", "NC", "28202"),
            ("Minneapolis", "MN", "55401"),
            ("Philadelphia", "PA", "19103"),
            ("Salt Lake City", "UT", "84101"),
            ("Columbus", "OH", "43215"),
            ("Nashville", "TN", "37203"),
            ("San Jose", "CA", "95113"),
            ("Raleigh", "NC", "27601"),
            ("Phoenix", "AZ", "85004"),
        ),
    ),
    Country(
        "Canada",
        "North America",
        0.05,
        "ca",
        0.3,
        "1",
        (
            ("Toronto", "ON", "M5H 2N2"),
            ("Vancouver", "BC", "V6B 1A1"),
            ("Montreal", "QC", "H3B 2Y5"),
            ("Calgary", "AB", "T2P 1J9"),
        ),
    ),
    Country(
        "United Kingdom",
        "EMEA",
        0.09,
        "co.uk",
        0.2,
        "44",
        (
            ("London", "England", "EC2A 4NE"),
            ("Manchester", "England", "M1 1AE"),
            ("Edinburgh", "Scotland", "EH2 2ER"),
            ("Bristol", "England", "BS1 4DJ"),
            ("Cambridge", "England", "CB2 1TN"),
        ),
    ),
    Country(
        "Germany",
        "EMEA",
        0.06,
        "de",
        0.2,
        "49",
        (
            ("Berlin", "Berlin", "10115"),
            ("Munich", "Bavaria", "80331"),
            ("Hamburg", "Hamburg", "20095"),
            ("Frankfurt", "Hesse", "60311"),
        ),
    ),
    Country(
        "France",
        "EMEA",
        0.04,
        "fr",
        0.1,
        "33",
        (
            ("Paris", "Île-de-France", "75002"),
            ("Lyon", "Auvergne-Rhône-Alpes", "69002"),
        ),
    ),
    Country(
        "Netherlands",
        "EMEA",
        0.03,
        "nl",
        0.2,
        "31",
        (
            ("Amsterdam", "North Holland", "1012 AB"),
            ("Rotterdam", "South Holland", "3011 AD"),
        ),
    ),
    Country("Sweden", "EMEA", 0.02, "se", 0.2, "46", (("Stockholm", "Stockholm", "111 22"),)),
    Country("Ireland", "EMEA", 0.02, "ie", 0.2, "353", (("Dublin", "Leinster", "D02 X285"),)),
    Country(
        "Spain",
        "EMEA",
        0.02,
        "es",
        -0.1,
        "34",
        (
            ("Madrid", "Madrid", "28013"),
            ("Barcelona", "Catalonia", "08002"),
        ),
    ),
    Country(
        "Australia",
        "APAC",
        0.04,
        "com.au",
        0.1,
        "61",
        (
            ("Sydney", "NSW", "2000"),
            ("Melbourne", "VIC", "3000"),
            ("Brisbane", "QLD", "4000"),
        ),
    ),
    Country("Singapore", "APAC", 0.02, "sg", 0.1, "65", (("Singapore", "", "018956"),)),
    Country("Japan", "APAC", 0.02, "jp", -0.2, "81", (("Tokyo", "Tokyo", "100-0005"),)),
    Country(
        "India",
        "APAC",
        0.04,
        "in",
        -0.3,
        "91",
        (
            ("Bengaluru", "Karnataka", "560001"),
            ("Mumbai", "Maharashtra", "400001"),
            ("Pune", "Maharashtra", "411001"),
        ),
    ),
    Country("Brazil", "LATAM", 0.02, "com.br", -0.4, "55", (("São Paulo", "SP", "01310-100"),)),
    Country("Mexico", "LATAM", 0.01, "mx", -0.4, "52", (("Mexico City", "CDMX", "06600"),)),
)
REGION_FIT: dict[str, float] = {"North America": 0.4, "EMEA": 0.2, "APAC": 0.0, "LATAM": -0.4}

# How CRM users type the same country; HubSpot and Bombora use the canonical name.
COUNTRY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "United States": ("USA", "US", "United States of America"),
    "United Kingdom": ("UK", "Great Britain", "England"),
    "Germany": ("DE", "Deutschland"),
}
