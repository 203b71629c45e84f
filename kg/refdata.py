"""Reference data (states, demonyms, cities, organisations, projects, officials, roles).

Loaded once per process from `data/ref/` (or `$KG_DATA/ref`, or the copy inside an
installed wheel: kg.resources decides which). The files are described in
`data/README.md`; `tests/test_refdata.py` keeps them valid.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kg.resources import data_dir

ROLE_CODES = (
    "head_of_state", "vice_head_of_state", "head_of_government", "deputy_head_of_government",
    "foreign_minister", "deputy_foreign_minister", "minister", "ambassador", "special_envoy",
    "party_leader", "party_official", "legislature_head", "org_head", "spokesperson",
    "other_official",
)
# Title rows may also carry these markers instead of a role code.
ROLE_MARKERS = ("_none", "_rank")
EVENT_TYPES = (
    "meeting", "talks", "phone_call", "video_call", "visit", "message", "summit", "signing",
    "other",
)
LANGS = ("en", "fr", "de", "es", "ru", "zh")


@dataclass(frozen=True)
class State:
    code: str
    alpha2: str
    status: str
    names: dict[str, str]

    @property
    def name(self) -> str:
        return self.names["en"]


@dataclass(frozen=True)
class City:
    name: str
    country: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Named:
    """An international organisation or a project."""

    name: str
    labels: dict[str, str]
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class Official:
    name: str
    state: str | None
    aliases: tuple[str, ...]
    short: tuple[str, ...]
    offices: tuple[dict, ...] = ()


@dataclass(frozen=True)
class StateForm:
    code: str
    lang: str
    form: str
    case_sensitive: bool
    kind: str  # "name", "alias", "adj", "prefix"


@dataclass(frozen=True)
class RefData:
    states: dict[str, State]
    state_forms: tuple[StateForm, ...]
    cities: tuple[City, ...]
    organisations: tuple[Named, ...]
    projects: tuple[Named, ...]
    officials: tuple[Official, ...]
    roles: tuple[tuple[str, str, str], ...]  # (lang, title, role)
    regions: tuple[tuple[str, str], ...]  # (lang, name) of non-state geographic names
    publishers: tuple[tuple[str, str], ...]  # (pattern, alpha3)
    given_names: frozenset[str] = field(default_factory=frozenset)

    def org_by_name(self) -> dict[str, Named]:
        return {o.name: o for o in self.organisations}

    def project_by_name(self) -> dict[str, Named]:
        return {p.name: p for p in self.projects}


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k: (v or "").strip() for k, v in row.items() if k is not None}
            for row in csv.DictReader(fh)
        ]


def _yaml_list(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list")
    return data


def _named(entry: dict, kind: str = "") -> Named:
    return Named(
        name=str(entry["name"]),
        labels={k: str(v) for k, v in (entry.get("labels") or {}).items() if v},
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        acronyms=tuple(str(a) for a in entry.get("acronyms") or ()),
        kind=str(entry.get("kind") or kind),
    )


def load_refdata(root: Path | None = None) -> RefData:
    """Read every reference file under `root/ref` (no caching; see :func:`refdata`)."""
    ref = (root or data_dir()) / "ref"
    states: dict[str, State] = {}
    forms: list[StateForm] = []
    for row in _csv(ref / "states.csv"):
        names = {lang: row[f"name_{lang}"] for lang in LANGS if row.get(f"name_{lang}")}
        st = State(row["alpha3"], row["alpha2"], row["status"], names)
        states[st.code] = st
        for lang, name in names.items():
            forms.append(StateForm(st.code, lang, name, False, "name"))
    for row in _csv(ref / "state_aliases.csv"):
        forms.append(
            StateForm(row["alpha3"], row["lang"], row["alias"], row.get("case") == "cs", "alias")
        )
    for row in _csv(ref / "demonyms.csv"):
        kind = row.get("kind") or "adj"
        forms.append(StateForm(row["alpha3"], row["lang"], row["form"], False, kind))
    cities = tuple(
        City(r["name"], r["country"], tuple(a for a in r.get("aliases", "").split("|") if a))
        for r in _csv(ref / "cities.csv")
    )
    officials = tuple(
        Official(
            name=str(e["name"]),
            state=e.get("state"),
            aliases=tuple(str(a) for a in e.get("aliases") or ()),
            short=tuple(str(a) for a in e.get("short") or ()),
            offices=tuple(e.get("offices") or ()),
        )
        for e in _yaml_list(ref / "officials.yaml")
    )
    roles = tuple((r["lang"], r["title"], r["role"]) for r in _csv(ref / "roles.csv"))
    regions_path = ref / "regions.csv"
    regions = (
        tuple((r["lang"], r["name"]) for r in _csv(regions_path)) if regions_path.exists() else ()
    )
    pub_path = ref / "publishers.csv"
    publishers = (
        tuple((r["pattern"], r["alpha3"]) for r in _csv(pub_path)) if pub_path.exists() else ()
    )
    names_path = ref / "given_names.txt"
    given = (
        frozenset(
            ln.strip().casefold()
            for ln in names_path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        )
        if names_path.exists()
        else frozenset()
    )
    return RefData(
        states=states,
        state_forms=tuple(forms),
        cities=cities,
        organisations=tuple(_named(e) for e in _yaml_list(ref / "organisations.yaml")),
        projects=tuple(_named(e, "project") for e in _yaml_list(ref / "projects.yaml")),
        officials=officials,
        roles=roles,
        regions=regions,
        publishers=publishers,
        given_names=given,
    )


@lru_cache(maxsize=1)
def refdata() -> RefData:
    """The process-wide reference data, loaded on first use."""
    return load_refdata()
