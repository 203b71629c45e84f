"""The language boundary: what every language module must give, and that the parser gives
nothing of its own.

Every module of `kg/lang/` (found by listing the package, as the parser finds them) must
build a well-typed :class:`LanguageRules` whose regexes compile and whose word lists are
in the form the parser compares them in, and must parse its own `SAMPLE`. A language that
sets nothing but a few triggers must still parse. And no core module of the parser may
name a word of any language: they live in `kg/lang/<code>.py` and `data/ref/` only.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest

import kg
import kg.parse.gazetteer
from kg.lang import detect_language, language_modules, register, supported_languages, unregister
from kg.lang.base import CALL_OR_MEETING, LanguageRules, Trigger
from kg.parse import parse
from kg.readout import Readout
from kg.refdata import EVENT_TYPES, LANGS, ROLE_CODES, refdata
from kg.text import fold

MODULES = language_modules()
FIELDS = {f.name: f for f in dataclasses.fields(LanguageRules)}
HINTS = get_type_hints(LanguageRules)
TRIGGER_TYPES = frozenset(EVENT_TYPES) | {CALL_OR_MEETING}
PERIOD_UNITS = frozenset({"day", "week", "month", "year"})


def _rules(code: str) -> LanguageRules:
    return importlib.import_module(MODULES[code]).RULES


def _conforms(value: Any, hint: Any) -> bool:
    """Is `value` of the annotated type (the containers the rules use, checked deeply)?"""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        return any(_conforms(value, a) for a in args)
    if origin is None:
        if hint is int:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, hint)
    if origin is frozenset:
        return isinstance(value, frozenset) and all(_conforms(v, args[0]) for v in value)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_conforms(v, args[0]) for v in value)
        return len(value) == len(args) and all(
            _conforms(v, a) for v, a in zip(value, args, strict=True))
    if origin is dict:
        return isinstance(value, dict) and all(
            _conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items())
    raise AssertionError(f"no check for {hint}: extend _conforms")


def _word_problems(rules: LanguageRules) -> list[str]:
    """Words of a set field not in the form the parser compares them in."""
    problems = []
    for name, f in FIELDS.items():
        form = f.metadata.get("form")
        for w in getattr(rules, name) if form else ():
            if not w.strip() and w != "":
                problems.append(f"{name}: blank word {w!r}")
            elif form == "folded" and fold(w) != w:
                problems.append(f"{name}: {w!r} is not folded ({fold(w)!r})")
            elif form == "lower" and w.lower() != w:
                problems.append(f"{name}: {w!r} is not in lower case")
    for name in ("months", "weekdays", "relative_days", "numbers", "gathering_nouns"):
        problems += [f"{name}: key {k!r} is not folded" for k in getattr(rules, name)
                     if fold(k) != k]
    return problems


# ---------------------------------------------------------------------------- every language


def test_every_module_of_kg_lang_is_a_supported_language():
    assert {"en", "fr"} <= set(MODULES)
    assert set(MODULES) <= set(supported_languages())


@pytest.mark.parametrize("code", sorted(MODULES))
def test_a_language_module_builds_typed_rules_under_its_own_code(code):
    rules = _rules(code)
    assert isinstance(rules, LanguageRules)
    assert rules.code == code, f"kg/lang/{code}.py builds the rules of {rules.code!r}"
    wrong = [f"{name}: {getattr(rules, name)!r:.60} is not {hint}"
             for name, hint in HINTS.items() if not _conforms(getattr(rules, name), hint)]
    assert not wrong, "\n".join(wrong)
    # what a language cannot parse anything without
    for name in ("stopwords", "months", "weekdays", "date_patterns", "triggers"):
        assert getattr(rules, name), f"{code}: {name} is empty"


@pytest.mark.parametrize("code", sorted(MODULES))
def test_every_regex_of_a_language_compiles(code):
    rules = _rules(code)
    bad = []
    for where, pattern in rules.regexes():
        try:
            re.compile(pattern)
        except re.error as exc:
            bad.append(f"{where}: {exc}")
    assert not bad, "\n".join(bad)
    assert len(rules.regexes()) >= len(rules.triggers) + len(rules.date_patterns)


@pytest.mark.parametrize("code", sorted(MODULES))
def test_a_language_fits_what_the_parser_expects_of_its_fields(code):
    rules = _rules(code)
    for p in rules.date_patterns:
        groups = re.compile(p).groupindex
        assert "month" in groups and set(groups) <= {"day", "month", "year", "last_day"}, p
    for pattern, unit, sign in rules.periods:
        assert unit in PERIOD_UNITS and sign in (-1, 0, 1), (pattern, unit, sign)
        assert set(re.compile(pattern).groupindex) <= {"n"}, pattern
    assert rules.ambiguous_months <= set(rules.months)
    assert set(rules.month_contexts) <= set(rules.months)
    assert {t.type for t in rules.triggers} <= TRIGGER_TYPES
    assert set(rules.gathering_nouns.values()) <= set(EVENT_TYPES)
    assert all(w.endswith("'") for w in rules.elisions), rules.elisions
    assert all(w.startswith("'") for w in rules.clitics), rules.clitics
    assert set(rules.borrowed_name_languages) <= set(LANGS) - {code}
    if rules.project_pattern:
        assert set(re.compile(rules.project_pattern).groupindex) & {"name", "name2", "name3"}
    assert not _word_problems(rules), "\n".join(_word_problems(rules))


@pytest.mark.parametrize("code", sorted(MODULES))
def test_a_language_recognises_and_parses_its_own_sample(code):
    module = importlib.import_module(MODULES[code])
    sample = module.SAMPLE
    assert detect_language(sample) == (code, "")
    x = parse(Readout(id="sample", path="sample", text=sample, lang=code, sha256=""))
    titled = [p for p in x.persons.values() if p.roles]
    assert len(titled) >= 2, x.persons
    reported = [e for e in x.events if not e.referenced]
    assert any(e.date and len(e.participants) >= 2 for e in reported), x.events


# ---------------------------------------------------------------------------- a new language


@pytest.fixture
def new_language(monkeypatch):
    """A language "xx" of nothing but defaults, two triggers and one title of its own.

    The title is added to the reference data the gazetteer reads: a language's titles are
    data, and a title is what made a language without `plural_title` crash.
    """
    data = refdata()
    mine = dataclasses.replace(
        data, roles=(*data.roles, ("xx", "ministra", "foreign_minister"),
                     ("xx", "ministras", "foreign_minister")))
    monkeypatch.setattr(kg.parse.gazetteer, "refdata", lambda: mine)
    rules = LanguageRules(code="xx", triggers=(Trigger(r"\bkalla\b", "phone_call"),
                                                Trigger(r"\bmoti\b", "meeting")))
    register(rules)
    yield rules, mine
    unregister("xx")


def test_a_language_of_defaults_and_a_few_triggers_parses_without_key_error(new_language):
    # KeyError: 'plural_title' at the first title before typed fields; KeyError: '' on any
    # word boundary without month or weekday names
    rules, data = new_language
    text = ("Ministra Anna Berg moti Ministra Olav Lind Beijing 2025. "
            "Ministras Anna Berg ok Olav Lind kalla.")
    x = parse(Readout(id="xx", path="xx", text=text, lang="xx", sha256=""), data)
    names = {p.name: p for p in x.persons.values()}
    assert names["Anna Berg"].roles == ["foreign_minister"]
    assert names["Olav Lind"].roles == ["foreign_minister"]
    assert {e.type for e in x.events} >= {"meeting"}
    assert ("state", "CHN") not in x.entities  # Beijing is a city; no state named
    assert rules.regexes() == [("triggers[0]", r"\bkalla\b"), ("triggers[1]", r"\bmoti\b")]


def test_a_registered_language_is_supported_until_it_is_forgotten(new_language):
    assert "xx" in supported_languages()
    unregister("xx")
    assert "xx" not in supported_languages()


# ---------------------------------------------------------------------------- the core

CORE = [*sorted((Path(kg.__file__).parent / "parse").glob("*.py")),
        Path(kg.__file__).parent / "text.py", Path(kg.__file__).parent / "extraction.py"]

# Codes of the data model that happen to be English words, which the core may name: event
# types, roles, kinds of names and their forms, kinds of dates and units, tenses, kinds of
# the items of a title phrase, names of hit layers; plus the folding of ß, æ, œ, þ.
TECHNICAL = (frozenset(EVENT_TYPES) | frozenset(ROLE_CODES) | {
    "state", "city", "org", "project", "official", "region", "title",  # kinds of names
    "name", "alias", "adj", "prefix", "acronym", "pattern",  # forms of names
    "dates", "weekday", "relative", "day", "week", "month", "year", "period",  # dates
    "absolute", "range", "partial",
    "future", "past",  # tenses
    "glue", "honorific", "counterpart", "former", "noun",  # items of a title phrase
    "hits", "titles",  # layers of dictionary matches
    "parse",  # __all__
    "ss", "ae", "oe", "th",  # folded letters
})
# regex syntax that is not text: escapes (\b, \w), group names, format fields
_SYNTAX = re.compile(r"\\[A-Za-z]|\(\?P[<=]\w+>?|\{\w*(?::[^}]*)?\}")
_TOKEN = re.compile(r"[^\W\d]\w*")
_ELIDED = re.compile(r"[^\W\d_]['’]|['’][^\W\d_]")


def _language_words(source: str) -> list[tuple[int, str]]:
    """(line, literal) of the string literals (docstrings aside) that hold a word: a token of
    two letters or more that is not a code (TECHNICAL), an identifier (with `_` or a digit)
    or in capitals (NFKD, Roman numerals); or letters joined to an apostrophe ("'s", "d'")."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or (
                id(node) in docstrings):
            continue
        text = _SYNTAX.sub(" ", node.value)
        words = [t for t in _TOKEN.findall(text) if len(t) >= 2 and t not in TECHNICAL
                 and "_" not in t and not any(c.isdigit() for c in t) and not t.isupper()]
        if words or _ELIDED.search(text):
            found.append((node.lineno, node.value))
    return sorted(found)


def test_every_field_of_the_rules_is_read_by_the_parser():
    # a field nothing reads is a promise the parser does not keep (place_prepositions was one)
    lang = Path(kg.__file__).parent / "lang"
    source = "".join(p.read_text(encoding="utf-8")
                     for p in [*CORE, lang / "__init__.py", lang / "base.py"])
    unread = [name for name in FIELDS if not re.search(rf"\.{name}\b", source)]
    assert not unread, f"LanguageRules fields nothing reads: {unread}"


def test_the_scan_finds_words_of_a_language_in_code():
    code = '''
"""Docstrings may say "the" and "avec"."""
PLACE = frozenset("in at à au".split())
rx = r"(?:,|\\bet|\\band)\\s*$"
kind = "state"
tail = "'s"
group = r"(?P<day>\\d+)"
'''
    assert [line for line, _ in _language_words(code)] == [3, 4, 6]


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_no_core_module_names_a_word_of_any_language(path):
    found = _language_words(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} names words of a language (move them to kg/lang):\n" + (
        "\n".join(f"  line {line}: {value!r}" for line, value in found))
