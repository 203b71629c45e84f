"""Fuzzing the reader and the parser with mutated bundled readouts.

Every input must get an answer: a graph, or a :class:`ReadoutError` naming the
file and the problem. Anything else (IndexError, TypeError, RecursionError …)
is a bug in the reader or the parser, found here with a fixed seed so that a
failure reproduces. The mutants imitate what real feeds and copy-pastes do to
texts: damaged bytes, cut or duplicated passages, invisible characters,
bidirectional controls, look-alike letters from other scripts, sidecars with
values of the wrong type.

Run more mutants on demand with `KG_FUZZ_MUTANTS=20000 pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.jsonview import graph_to_json
from kg.parse import parse
from kg.pipeline import extract_file
from kg.rdf import extraction_to_graph, extraction_to_nquads, readout_iri
from kg.readout import Readout, ReadoutError

READOUTS = Path(__file__).resolve().parent.parent / "data" / "readouts"
SEED = 20250425
MUTANTS = int(os.environ.get("KG_FUZZ_MUTANTS", "2400"))

# ------------------------------------------------------------------ text mutators

_CONTROLS = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0))]
_BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
         "\u2066", "\u2067", "\u2068", "\u2069"]
_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
_ODD = ["\u0301", "\u0308\u0301", "ﬁ", "ﬂ", "ß", "İ", "ǅ", "Ａ", "ｍ", "①", "½", "™", "…", "\u2028",
        "\u2029", "\x85", "\r", "\r\n", "\t", "🇫🇷", "👍🏽", "漢", "ع", "\U0001d400", "ŉ", "ΐ"]
_HOMOGLYPHS = {
    "a": "аα", "c": "с", "e": "еε", "i": "іι", "j": "ј", "o": "оο", "p": "рρ", "s": "ѕ",
    "x": "хχ", "y": "уγ", "A": "АΑ", "B": "ВΒ", "C": "С", "E": "ЕΕ", "H": "НΗ", "I": "ІΙ",
    "K": "КΚ", "M": "МΜ", "N": "Ν", "O": "ОΟ", "P": "РΡ", "T": "ТΤ", "X": "ХΧ", "Y": "Υ",
    "Z": "Ζ",
}


def _insert(rng: random.Random, text: str, pool: list[str], most: int) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, most)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(pool))
    return "".join(chars)


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] = rng.randrange(256) if rng.random() < 0.5 else out[i] ^ (1 << rng.randrange(8))
    return bytes(out)


def truncate_bytes(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def truncate_text(rng: random.Random, text: str) -> str:
    return text[: rng.randint(0, len(text))]


def shuffle_sentences(rng: random.Random, text: str) -> str:
    parts = text.replace("\n", " \n").split(". ")
    rng.shuffle(parts)
    return ". ".join(parts)


def shuffle_words(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    a = rng.randrange(len(words))
    b = min(len(words), a + rng.randint(2, 40))
    part = words[a:b]
    rng.shuffle(part)
    return " ".join(words[:a] + part + words[b:])


def insert_controls(rng: random.Random, text: str) -> str:
    return _insert(rng, text, _CONTROLS, 6)


def insert_bidi(rng: random.Random, text: str) -> str:
    return _insert(rng, text, _BIDI, 30)


def insert_zero_width(rng: random.Random, text: str) -> str:
    return _insert(rng, text, _ZERO_WIDTH, 60)


def insert_odd(rng: random.Random, text: str) -> str:
    return _insert(rng, text, _ODD, 40)


def homoglyphs(rng: random.Random, text: str) -> str:
    rate = rng.choice((0.02, 0.1, 0.5))
    return "".join(rng.choice(_HOMOGLYPHS[c]) if c in _HOMOGLYPHS and rng.random() < rate
                   else c for c in text)


def duplicate_chunks(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        a = rng.randrange(len(text))
        b = min(len(text), a + rng.randint(1, 400))
        at = rng.randint(0, len(text))
        text = text[:at] + text[a:b] * rng.randint(1, 5) + text[at:]
    return text


def change_case(rng: random.Random, text: str) -> str:
    return rng.choice((str.upper, str.lower, str.title, str.swapcase))(text)


def punctuation(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        return text.replace(".", "")
    return _insert(rng, text, list("()[]«»\"',.;:!?-–—/\\*&%$#@"), 40)


TEXT_MUTATORS: list[Callable[[random.Random, str], str]] = [
    truncate_text, shuffle_sentences, shuffle_words, insert_controls, insert_bidi,
    insert_zero_width, insert_odd, homoglyphs, duplicate_chunks, change_case, punctuation,
]
BYTE_MUTATORS: list[Callable[[random.Random, bytes], bytes]] = [flip_bytes, truncate_bytes]

# ------------------------------------------------------------------ sidecar mutators

_KEYS = ("id", "title", "publisher", "lang", "url", "published")
_VALUES: list[object] = [
    None, 0, 5, -1, 3.5, 1e308, True, False, [], ["en"], {}, {"a": 1}, "", " ", "en", "fr",
    "EN", "de", "xx", "2025-04-25", "0001-01-01", "9999-12-31", "2025-02-30", "20250425",
    "yesterday", "a b/c?d#e", "<x>", "\u202eevil", "x" * 5000, "\x00", "https://ex.org/a b",
    "ftp://", "Ministère des Affaires étrangères", "The Republic of Kazakhstan", "Xinhua",
]


def mutate_sidecar(rng: random.Random, meta: dict) -> bytes | None:
    """A damaged sidecar: wrong types or values, bad JSON, not an object, or none at all."""
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.12:
        return json.dumps(meta).encode()[: rng.randint(0, 40)]
    if roll < 0.17:
        return json.dumps(rng.choice([[meta], 3, "text", None, True])).encode()
    if roll < 0.20:
        depth = rng.choice((50, 5000, 200_000))
        return ("[" * depth + "]" * depth).encode()
    if roll < 0.23:
        return json.dumps(meta).encode(rng.choice(("utf-16", "utf-8-sig", "utf-32")))
    meta = dict(meta)
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(_KEYS)
        if rng.random() < 0.15:
            meta.pop(key, None)
        else:
            meta[key] = rng.choice(_VALUES)
    return json.dumps(meta).encode()


# ------------------------------------------------------------------ running

def _bundled() -> list[tuple[str, bytes, dict]]:
    out = []
    for p in sorted(READOUTS.glob("*.txt")):
        meta_path = p.with_name(p.stem + ".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        out.append((p.stem, p.read_bytes(), meta))
    return out


def make_mutant(rng: random.Random, data: bytes, meta: dict) -> tuple[bytes, bytes | None, str]:
    """One mutant: (readout bytes, sidecar bytes or None, what was done)."""
    done: list[str] = []
    sidecar: bytes | None = json.dumps(meta).encode()
    if rng.random() < 0.25:
        sidecar = mutate_sidecar(rng, meta)
        done.append("sidecar")
    if rng.random() < 0.15:
        fn = rng.choice(BYTE_MUTATORS)
        data = fn(rng, data)
        done.append(fn.__name__)
    else:
        text = data.decode("utf-8")
        for fn in rng.sample(TEXT_MUTATORS, rng.choice((1, 1, 1, 2, 3))):
            text = fn(rng, text) if text else text
            done.append(fn.__name__)
        encoding = rng.choices(("utf-8", "utf-8-sig", "utf-16", "utf-32"), (90, 4, 4, 2))[0]
        data = text.encode(encoding, errors="surrogatepass")
        if encoding != "utf-8":
            done.append(encoding)
    return data, sidecar, "+".join(done)


def run_mutant(folder: Path, name: str, data: bytes, sidecar: bytes | None,
               full: bool = False) -> str:
    """'ok' or the reason of the ReadoutError; any other exception propagates.

    With `full`, the graph is also read back as the gold-shape JSON.
    """
    path = folder / f"{name}.txt"
    meta_path = folder / f"{name}.meta.json"
    path.write_bytes(data)
    if sidecar is None:
        meta_path.unlink(missing_ok=True)
    else:
        meta_path.write_bytes(sidecar)
    try:
        x = extract_file(path)
    except ReadoutError as exc:
        assert "\n" not in str(exc), str(exc)
        assert str(exc).startswith(str(exc.path)), str(exc)
        return exc.reason
    _, nquads, own = extraction_to_nquads(x)
    assert own > 0 and nquads
    if full:
        _, g = extraction_to_graph(x)
        assert len(g) > 0
        view = graph_to_json(g, readout_iri(x.readout.id))
        assert view["lang"] == x.readout.lang
    return "ok"


def fuzz(folder: Path, n: int, seed: int = SEED,
         on_crash: Callable[[str, bytes, bytes | None, BaseException], None] | None = None
         ) -> Counter:
    """Run `n` mutants of the bundled readouts; count outcomes by reason (numbers elided)."""
    rng = random.Random(seed)
    base = _bundled()
    outcomes: Counter = Counter()
    for i in range(n):
        name, data, meta = base[i % len(base)]
        mdata, sidecar, how = make_mutant(rng, data, meta)
        try:
            reason = run_mutant(folder, f"m{i}", mdata, sidecar, full=i % 20 == 0)
        except Exception as exc:  # noqa: BLE001 - collected to report every crash at once
            if on_crash is None:
                raise AssertionError(f"mutant {i} of {name} ({how}) crashed: "
                                     f"{type(exc).__name__}: {exc}") from exc
            on_crash(f"{i}:{name}:{how}", mdata, sidecar, exc)
            outcomes["CRASH " + type(exc).__name__] += 1
            continue
        outcomes[_reason_kind(reason)] += 1
    return outcomes


def _reason_kind(reason: str) -> str:
    """The reason without its particulars (quoted values, details), to count errors by kind."""
    reason = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", reason)
    return re.split(r": | \(|, not ", reason)[0]


def test_mutated_readouts_get_a_graph_or_a_named_error(tmp_path):
    outcomes = fuzz(tmp_path, MUTANTS)
    assert sum(outcomes.values()) == MUTANTS
    assert outcomes["ok"] > MUTANTS // 3, outcomes  # most mutants still parse
    assert not any(k.startswith("internal error") for k in outcomes), outcomes


def test_graphs_of_mutated_readouts_pass_the_shapes(tmp_path):
    """A sample (SHACL takes most of a second per graph): a mutant once gave a mention
    running over two sentences, which the shapes refuse."""
    from kg.validate import validate_graph

    rng = random.Random(SEED + 1)
    base = _bundled()
    checked = 0
    for i in range(200):
        name, data, meta = base[i % len(base)]
        mdata, sidecar, how = make_mutant(rng, data, meta)
        if run_mutant(tmp_path, f"s{i}", mdata, sidecar) != "ok":
            continue
        _, g = extraction_to_graph(extract_file(tmp_path / f"s{i}.txt"))
        result = validate_graph(g)
        assert result.conforms, f"mutant {i} of {name} ({how}):\n{result.report[:2000]}"
        checked += 1
        if checked == 6:
            break
    assert checked == 6


@pytest.mark.parametrize("mutator", TEXT_MUTATORS, ids=lambda f: f.__name__)
def test_each_text_mutation_keeps_offsets_inside_the_text(tmp_path, mutator):
    """Every mention a parse reports points at the very text it quotes."""
    rng = random.Random(SEED)
    for name, data, meta in _bundled()[:6]:
        text = mutator(rng, data.decode("utf-8"))
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            x = extract_file(path)
        except ReadoutError:
            continue
        rtext = x.readout.text
        for person in x.persons.values():
            for m in person.mentions:
                assert rtext[m.start:m.end] == m.text
        for ent in x.entities.values():
            for m in ent.mentions:
                assert rtext[m.start:m.end] == m.text


# ------------------------------------------------------------------ pathological texts

_TITLES = ["President", "Prime Minister", "Foreign Minister", "Vice President",
           "Minister of State for External Affairs", "Secretary-General", "Ambassador",
           "State Councilor", "Deputy Prime Minister"]
_NAMES = ["Wang", "Yi", "Sergei", "Lavrov", "Jean-Yves", "Le", "Drian", "Kulubaev", "Blinken",
          "Jaishankar", "Baerbock", "Colonna", "Modi", "Lula", "Xi", "Jinping"]
_WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
          "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa"]


def _repeat(unit: Callable[[random.Random], str], size: int) -> str:
    rng = random.Random(1)
    parts: list[str] = []
    n = 0
    while n < size:
        parts.append(unit(rng))
        n += len(parts[-1])
    return "".join(parts)[:size]


def _bundled_text(lang: str, size: int) -> str:
    text = "\n".join(data.decode("utf-8") for name, data, _ in _bundled()
                     if f"-{lang}-" in name or name.startswith(f"{lang}-"))
    return ((text + "\n") * (size // len(text) + 1))[:size]


# Texts that once made parsing quadratic or worse (100 kB of title runs took 20 s to over a
# minute), as (language, text of about `size` characters). benchmarks/parse_size.py times them.
PATHOLOGICAL: dict[str, tuple[str, Callable[[int], str]]] = {
    "real-en": ("en", lambda n: _bundled_text("en", n)),
    "real-fr": ("fr", lambda n: _bundled_text("fr", n)),
    "titles": ("en", lambda n: _repeat(lambda r: r.choice(_TITLES) + " ", n)),
    "hyphen": ("en", lambda n: "Foreign Minister " + _repeat(
        lambda r: r.choice(_NAMES) + "-", n) + " met Wang Yi."),
    "and-chain": ("en", lambda n: _repeat(
        lambda r: f"{r.choice(_NAMES)} {r.choice(_NAMES)} and ", n)),
    "capitals": ("en", lambda n: _repeat(lambda r: r.choice(_WORDS) + " ", n)),
    "one-sentence": ("en", lambda n: "President Xi Jinping met " + _repeat(
        lambda r: r.choice(("the minister ", "and discussed ", "relations with ", "in Beijing ",
                            "on 5 May 2023 ", "Foreign Minister Wang Yi ", "said that ")), n)
        + "."),
    "titled-names": ("en", lambda n: _repeat(
        lambda r: f"{r.choice(_TITLES)} {r.choice(_NAMES)} {r.choice(_NAMES)}, ", n)),
    "fr-titles": ("fr", lambda n: _repeat(lambda r: r.choice(
        ("le président ", "le ministre des Affaires étrangères ", "son homologue ",
         "M. Wang Yi ", "a rencontré ", "et ")), n)),
}


def pathological_readout(family: str, size: int) -> Readout:
    lang, make = PATHOLOGICAL[family]
    return Readout(id=family, path=f"{family}.txt", text=make(size), lang=lang, sha256="",
                   published=dt.date(2025, 4, 25), publisher="Ministry of Foreign Affairs")


def _work(readout: Readout) -> int:
    """Function calls made by one parse: a measure of work that, unlike time, does not
    depend on the machine or its load."""
    calls = 0

    def count(frame, event, arg) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        parse(readout)
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("family", sorted(PATHOLOGICAL))
def test_parser_work_grows_linearly_with_the_text(family):
    parse(pathological_readout(family, 1000))  # gazetteers and caches built before counting
    small = _work(pathological_readout(family, 8_000))
    large = _work(pathological_readout(family, 32_000))
    assert large / small < 4 * 1.5, (small, large)  # quadratic work would grow 16-fold


@pytest.mark.parametrize("family", ["titles", "hyphen", "capitals"])
def test_a_200_kb_pathological_readout_is_parsed(family):
    """Not timed (see benchmarks/parse_size.py): before the fix these took minutes."""
    x = parse(pathological_readout(family, 200_000))
    assert x.sentences and x.sentences[-1].end <= 200_100
