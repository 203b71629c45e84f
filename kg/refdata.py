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
    capital: bool = False  # the state's capital ("the Argentine capital")


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
    """A known official and every way texts spell them.

    `names` and `shorts` say which spelling belongs to which language (`names["en"]`
    is `name`, the canonical key); `aliases` and `short` are the flat views the
    parser matches, so that a French readout's "Vladimir Poutine" and an English
    one's "Vladimir Putin" meet the same person whatever the readout's language.
    """

    name: str
    state: str | None
    aliases: tuple[str, ...]  # every full spelling but `name`: other languages' first
    short: tuple[str, ...]  # every short form, all languages (surname alone)
    offices: tuple[dict, ...] = ()
    names: dict[str, str] = field(default_factory=dict, hash=False)  # lang -> usual spelling
    shorts: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def spellings(self, lang: str | None = None) -> tuple[str, ...]:
        """Full-name spellings, the language's usual one first, then every other."""
        first = [self.names[lang]] if lang in self.names else []
        return tuple(dict.fromkeys([*first, self.name, *self.aliases]))

    def held(self, role: str, day: str | None) -> bool:
        """Did they hold an office with this role on `day` (ISO; any time when None)? Office
        bounds are year-months ("2012-05") or days, compared as text with as much of the
        day."""
        def within(o: dict) -> bool:
            lo, hi = str(o.get("from") or ""), o.get("to")
            return day is None or (day[:len(lo)] >= lo and (
                hi is None or day[:len(str(hi))] <= str(hi)))
        return any(o.get("role") == role and within(o) for o in self.offices)

    def shorts_in(self, lang: str) -> tuple[str, ...]:
        """Short forms of `lang`; a language that spells the name as English does uses the
        English ones (the data does not repeat them)."""
        if lang in self.shorts:
            return self.shorts[lang]
        if self.names.get(lang) == self.name:
            return self.shorts.get("en", ())
        return ()


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


class RefDataError(ValueError):
    """A reference file that cannot be used; the message is one line naming file and entry."""


OFFICIAL_KEYS = frozenset({"name", "state", "names", "short", "aliases", "offices", "sources"})


def _text(value: object, where: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RefDataError(f"{where}: {what} must be a non-empty text, not {value!r}"
                           " (quote it if YAML reads it as something else)")
    return value.strip()


def _texts(value: object, where: str, what: str) -> tuple[str, ...]:
    """One text or a list of texts."""
    items = value if isinstance(value, list) else [value]
    return tuple(_text(v, where, what) for v in items)


def _lang_map(value: object, where: str, what: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise RefDataError(f"{where}: {what} must be a map of language codes ({', '.join(LANGS)})")
    out: dict[str, tuple[str, ...]] = {}
    for lang, forms in value.items():
        if lang not in LANGS:
            raise RefDataError(f"{where}: {what} has unknown language {lang!r} "
                               f"(use {', '.join(LANGS)})")
        out[lang] = _texts(forms, where, f"{what}.{lang}")
    return out


def _official(entry: object, where: str, states: dict[str, State]) -> Official:
    """One entry of officials.yaml, checked; `where` names the file and the entry.

    Two shapes are read. The current one spells the name per language
    (`names: {fr: Vladimir Poutine, ...}`, `short: {en: Putin, fr: Poutine, ...}`).
    The former one (no `names`, `short` a flat list) is still read, as spellings of no
    stated language, so that data written for the previous release keeps working.
    """
    if not isinstance(entry, dict):
        raise RefDataError(f"{where}: expected a map with name, state, names, short, aliases")
    name = _text(entry.get("name"), where, "name")
    where = f"{where} ({name})"
    unknown = sorted(str(k) for k in entry if k not in OFFICIAL_KEYS)
    if unknown:
        raise RefDataError(f"{where}: unknown field {unknown[0]!r} "
                           f"(known: {', '.join(sorted(OFFICIAL_KEYS))})")
    state = entry.get("state")
    if state is not None and (not isinstance(state, str) or state not in states):
        raise RefDataError(f"{where}: state {state!r} is not an alpha-3 code of states.csv "
                           "(null for officials of international organisations)")
    names: dict[str, str] = {"en": name}
    if entry.get("names") is not None:
        for lang, forms in _lang_map(entry["names"], where, "names").items():
            if len(forms) != 1:
                raise RefDataError(f"{where}: names.{lang} must be one spelling "
                                   "(put other spellings in aliases)")
            if lang == "en" and forms[0] != name:
                raise RefDataError(f"{where}: names.en {forms[0]!r} differs from name")
            names[lang] = forms[0]
    raw_short = entry.get("short")
    shorts: dict[str, tuple[str, ...]] = {}
    if isinstance(raw_short, list):  # former shape: shorts of no stated language
        flat_short = _texts(raw_short, where, "short") if raw_short else ()
    else:
        shorts = _lang_map(raw_short, where, "short") if raw_short is not None else {}
        flat_short = tuple(s for forms in shorts.values() for s in forms)
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        raise RefDataError(f"{where}: aliases must be a list")
    offices = entry.get("offices") or []
    if not isinstance(offices, list) or not all(isinstance(o, dict) for o in offices):
        raise RefDataError(f"{where}: offices must be a list of maps {{role, from, to}}")
    for office in offices:
        if office.get("role") not in ROLE_CODES:
            raise RefDataError(f"{where}: office role {office.get('role')!r} is not a role code")
    spellings = [s for lang in LANGS if (s := names.get(lang)) and s != name]
    spellings += _texts(aliases, where, "aliases") if aliases else ()
    return Official(
        name=name,
        state=state,
        aliases=tuple(dict.fromkeys(spellings)),
        short=tuple(dict.fromkeys(flat_short)),
        offices=tuple(offices),
        names=names,
        shorts=shorts,
    )


def load_officials(path: Path, states: dict[str, State]) -> tuple[Official, ...]:
    """Every official of `path`; a malformed entry raises :class:`RefDataError` naming it."""
    # libyaml's loader when present: the file is the largest of the reference data, and the
    # pure-Python loader took about a second of every process's start reading it
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise RefDataError(f"{path}: not valid YAML{at}: {problem}") from None
    if not isinstance(data, list):
        raise RefDataError(f"{path}: expected a YAML list of officials")
    out = tuple(_official(e, f"{path}: entry {i}", states) for i, e in enumerate(data, 1))
    seen: dict[str, int] = {}
    for i, off in enumerate(out, 1):
        if off.name in seen:
            raise RefDataError(f"{path}: entry {i} ({off.name}): name already used by entry "
                               f"{seen[off.name]}")
        seen[off.name] = i
    return out


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
        City(r["name"], r["country"], tuple(a for a in r.get("aliases", "").split("|") if a),
             (r.get("capital") or "").strip() == "yes")
        for r in _csv(ref / "cities.csv")
    )
    officials = load_officials(ref / "officials.yaml", states)
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
