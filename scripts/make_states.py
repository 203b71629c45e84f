"""Generate ``data/ref/states.csv``: the list of states the parser knows, with CLDR names.

Why this exists: the parser needs one row per sovereign state it may meet in a diplomatic
readout, keyed by ISO 3166-1 alpha-3, with the short name of that state in every supported
language (en, fr, de, es, ru, zh). Typing 196 x 6 names by hand invites mistakes, while CLDR
(shipped with babel) and ISO 3166 (shipped with pycountry) already hold them. Which territories
count as states is a political choice that neither library makes, so it is made here, in code:

* the 193 UN member states (hard-coded below, checked by count),
* the 2 UN observer states, Holy See (VAT) and Palestine (PSE), as ``un_observer``,
* Kosovo (XKX / XK, a user-assigned code, not in ISO 3166) as ``other``.

Dependent territories and other non-members (Taiwan, Hong Kong, Macao, Western Sahara, ...)
are deliberately absent. Other names of a state (long official forms, old names,
abbreviations) belong in the hand-written ``state_aliases.csv``, not here.

Run from anywhere::

    python scripts/make_states.py            # writes data/ref/states.csv
    python scripts/make_states.py -o out.csv

Needs the ``dev`` extra (babel, pycountry). Output is sorted by alpha-3 and is deterministic
for a given babel/CLDR version.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pycountry
from babel import Locale

LANGS: tuple[str, ...] = ("en", "fr", "de", "es", "ru", "zh")

COLUMNS: tuple[str, ...] = ("alpha3", "alpha2", "status", *(f"name_{lang}" for lang in LANGS))

# The 193 member states of the United Nations, by ISO 3166-1 alpha-3 code.
# fmt: off
UN_MEMBERS: frozenset[str] = frozenset(
    (
        "AFG", "AGO", "ALB", "AND", "ARE", "ARG", "ARM", "ATG", "AUS", "AUT", "AZE", "BDI",
        "BEL", "BEN", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLR", "BLZ", "BOL", "BRA",
        "BRB", "BRN", "BTN", "BWA", "CAF", "CAN", "CHE", "CHL", "CHN", "CIV", "CMR", "COD",
        "COG", "COL", "COM", "CPV", "CRI", "CUB", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK",
        "DOM", "DZA", "ECU", "EGY", "ERI", "ESP", "EST", "ETH", "FIN", "FJI", "FRA", "FSM",
        "GAB", "GBR", "GEO", "GHA", "GIN", "GMB", "GNB", "GNQ", "GRC", "GRD", "GTM", "GUY",
        "HND", "HRV", "HTI", "HUN", "IDN", "IND", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA",
        "JAM", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO",
        "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAR", "MCO",
        "MDA", "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MOZ",
        "MRT", "MUS", "MWI", "MYS", "NAM", "NER", "NGA", "NIC", "NLD", "NOR", "NPL", "NRU",
        "NZL", "OMN", "PAK", "PAN", "PER", "PHL", "PLW", "PNG", "POL", "PRK", "PRT", "PRY",
        "QAT", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SLB", "SLE", "SLV", "SMR",
        "SOM", "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE", "SWZ", "SYC", "SYR", "TCD",
        "TGO", "THA", "TJK", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TZA", "UGA",
        "UKR", "URY", "USA", "UZB", "VCT", "VEN", "VNM", "VUT", "WSM", "YEM", "ZAF", "ZMB",
        "ZWE",
    )
)
# fmt: on
assert len(UN_MEMBERS) == 193, len(UN_MEMBERS)

# The two non-member observer states of the UN General Assembly.
UN_OBSERVERS: frozenset[str] = frozenset({"VAT", "PSE"})

# States outside the UN that the parser should still know: alpha3 -> alpha2.
# Kosovo's XK/XKX are user-assigned codes (used by the EU, IMF, CLDR), not in pycountry.
OTHER: dict[str, str] = {"XKX": "XK"}

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "ref" / "states.csv"


def alpha2_of(alpha3: str) -> str:
    """Return the ISO alpha-2 code for ``alpha3``, from pycountry or the OTHER table."""
    if alpha3 in OTHER:
        return OTHER[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        raise KeyError(f"{alpha3} is not an ISO 3166-1 alpha-3 code known to pycountry")
    return str(country.alpha_2)


def status_of(alpha3: str) -> str:
    """Return ``un_member``, ``un_observer`` or ``other``."""
    if alpha3 in UN_MEMBERS:
        return "un_member"
    if alpha3 in UN_OBSERVERS:
        return "un_observer"
    return "other"


def build_rows() -> list[dict[str, str]]:
    """Build one row per state, sorted by alpha-3, with the CLDR name in each language."""
    locales = {lang: Locale.parse(lang) for lang in LANGS}
    rows: list[dict[str, str]] = []
    for alpha3 in sorted(UN_MEMBERS | UN_OBSERVERS | OTHER.keys()):
        alpha2 = alpha2_of(alpha3)
        row = {"alpha3": alpha3, "alpha2": alpha2, "status": status_of(alpha3)}
        for lang, locale in locales.items():
            name = locale.territories.get(alpha2)
            if not name:
                raise KeyError(f"CLDR has no {lang} name for {alpha2} ({alpha3})")
            row[f"name_{lang}"] = name
        rows.append(row)
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """Write ``rows`` to ``path`` as UTF-8 CSV with a header and Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT, help="CSV to write")
    args = parser.parse_args(argv)
    rows = build_rows()
    assert len(rows) == len(UN_MEMBERS) + len(UN_OBSERVERS) + len(OTHER) == 196, len(rows)
    write_csv(rows, args.output)
    print(f"wrote {len(rows)} states to {args.output}")


if __name__ == "__main__":
    main()
