"""SPARQL over the store (or a SPARQL server): named queries, safe parameters, output formats.

Parameters are bound as RDF terms: each value becomes an Oxigraph term (an IRI or a
literal), serialised and escaped by Oxigraph into a `VALUES` row where the query binds
it (see `bind_values`), the same way for the embedded store and for a SPARQL server.
A parameter's name must be a variable of the query, and its value is one term: a value
such as `"} ; DROP ALL ; {` is only ever a literal, an IRI that would break out of `<…>`
is refused in one line.

Queries cannot reach out or write, and the decision is taken on the parsed query, not on
its text (a text-level scan could be fooled by a `'''` in a comment or an IRI): `SERVICE`,
`LOAD` and `FROM <http…>` are refused unless allowed, and updates are refused outright
(use `kg ingest` / `kg remove`). See `check_query`.

No query runs unbounded by default: the embedded store is queried in a forked child that
is stopped after `DEFAULT_TIMEOUT` seconds (or `$KG_QUERY_TIMEOUT`, or `--timeout`).

Results come out in the W3C formats, written by Oxigraph's own serialisers: SPARQL 1.1
CSV, TSV, JSON and XML for SELECT and ASK, RDF (Turtle, N-Triples, …) for CONSTRUCT and
DESCRIBE; `table` is for people.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import select
import signal
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import KGR as _KGR
from kg.namespaces import XSD as _XSD
from kg.store import EXPORT_FORMATS

QUERY_DIR = Path(__file__).resolve().parent / "queries"
KGR = str(_KGR)  # the one declaration lives in kg/namespaces.py
XSD = str(_XSD)

# Output formats, in one place (the CLI's --format choices are these).
RESULT_FORMATS = {  # SELECT and ASK: the SPARQL 1.1 query results formats
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {  # CONSTRUCT and DESCRIBE: RDF; the names are `kg export`'s
    **{name: EXPORT_FORMATS[name] for name in ("turtle", "ntriples", "nquads", "jsonld")},
    "rdfxml": ox.RdfFormat.RDF_XML,
}
FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)

DEFAULT_TIMEOUT = 60.0
TIMEOUT_ENV = "KG_QUERY_TIMEOUT"


class QueryError(Exception):
    """A query that is refused, malformed, timed out or failed; the message says which."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # state, person, topic, date, iri, string, int
    optional: bool
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    params: tuple[Param, ...]
    text: str  # with prefixes


_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:\s*(\w+)(.*)$")


@cache
def prefixes() -> str:
    return (QUERY_DIR / "_prefixes.rq").read_text(encoding="utf-8")


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in kg/queries/, by name."""
    out = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        if path.name.startswith("_"):
            continue
        body = path.read_text(encoding="utf-8")
        title, params = path.stem, []
        for line in body.splitlines():
            if line.startswith("# title:"):
                title = line.split(":", 1)[1].strip()
            m = _PARAM.match(line)
            if m:
                rest = m.group(3)
                params.append(Param(m.group(1), m.group(2), "optional" in rest,
                                    rest.strip(" ,")))
        out[path.stem] = NamedQuery(path.stem, title, tuple(params), prefixes() + body)
    return out


@cache
def _shipped_texts() -> frozenset[str]:
    return frozenset(nq.text for nq in named_queries().values())


_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:")
_PREFIX_LINE = re.compile(r"(?i)^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:")


def with_kg_prefixes(text: str) -> str:
    """`text` with kg's prefixes (kg:, kgr:, prov:, …) declared before it, those it declares
    itself left out: a query typed at the command line can say `?e a kg:Event`. The text
    keeps its own lines; a declaration of its own would win anyway (the later one counts)."""
    own = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    lines = [ln for ln in prefixes().splitlines()
             if (m := _PREFIX_LINE.match(ln)) and (m.group(1) or "") not in own]
    return "\n".join([*lines, text]) if lines else text


def resolve_query(spec: str) -> tuple[str, NamedQuery | None]:
    """SPARQL text from a named query, `@file.rq`, `@-` (standard input), or the text itself;
    text of the user's gets kg's prefixes (:func:`with_kg_prefixes`)."""
    if spec.startswith("@"):
        name = spec[1:]
        try:
            if name == "-":
                name = "standard input"
                return with_kg_prefixes(sys.stdin.read()), None
            return with_kg_prefixes(Path(name).read_text(encoding="utf-8")), None
        except UnicodeDecodeError as exc:
            raise QueryError(f"{name}: the query is not UTF-8 text (byte {exc.start})") from exc
        except OSError as exc:
            raise QueryError(f"{name}: cannot read query file: {exc.strerror}") from exc
    nq = named_queries().get(spec)
    if nq is not None:
        return nq.text, nq
    if re.fullmatch(r"[\w-]+", spec.strip()):
        raise QueryError(f"no query named {spec!r} (see `kg query --list`)")
    return with_kg_prefixes(spec), None


# ---------------------------------------------------------------------- safety

# A text with none of these (in any case, anywhere, even inside a word) cannot hold a
# SERVICE, a FROM, or any update: every update operation starts with one of the words.
# Only such a text skips the parse. `define` is Virtuoso's pragma (`define get:soft` makes
# it fetch IRIs); `\u` is an escape that some parsers expand before reading the query.
_RISKY = re.compile(r"service|from|load|insert|delete|drop|clear|create|copy|move|add|with|"
                    r"define|\\u", re.IGNORECASE)
_UPDATE_WORDS = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
                 "Add": "ADD", "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA",
                 "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
                 "Modify": "DELETE/INSERT"}


def check_query(text: str, allow_remote: bool = False) -> None:
    """Refuse updates, and (unless allowed) SERVICE, LOAD and FROM of outside IRIs.

    Decided on the query as rdflib's SPARQL parser reads it, never on a scan of the text.
    The parse (~50 ms, and rdflib's import) is skipped for a text that has none of the
    words an update, a SERVICE or a FROM needs. A text that holds one but that rdflib
    cannot read (invalid SPARQL, or syntax only Oxigraph knows, such as RDF 1.2 triple
    terms) is refused, naming rdflib's error: it cannot be shown to be harmless.
    """
    why = _verdict(text, allow_remote)
    if why:
        raise QueryError(why)


@functools.lru_cache(maxsize=256)
def _verdict(text: str, allow_remote: bool) -> str | None:
    """Why `text` is refused, or None; cached, because a failure is a message, not raised."""
    if not _RISKY.search(text):
        return None
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    text = _as_oxigraph_reads(text)
    try:
        tree = parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException; RecursionError on deep nesting
        try:
            update = parseUpdate(text)
        except Exception:
            return ("refused: rdflib's SPARQL parser, which checks queries for SERVICE, LOAD, "
                    f"FROM and updates, cannot read it ({_one_line(exc)}): invalid SPARQL, "
                    "or syntax only Oxigraph knows")
        ops = [_update_word(op) for op in (dict.get(update, "request") or [])]
        if not ops:
            return f"not a SPARQL query ({_one_line(exc)})"
        return (f"updates are refused ({', '.join(ops)}): kg query only reads; change the "
                "store with `kg ingest` and `kg remove`")
    return None if allow_remote else _reaches_out(tree)


_ESCAPE = re.compile(r"\\u(?:[0-9a-f]{4}){1,2}", re.IGNORECASE)  # rdflib's own pattern


def _as_oxigraph_reads(text: str) -> str:
    """The text with the two lexical points where rdflib and Oxigraph differ made alike,
    so that rdflib parses the query Oxigraph would run (both were ways to slip a SERVICE
    past the check, found by testing):

    - rdflib expands every \\u escape before parsing, Oxigraph only inside strings and
      IRIs: `"\\u0022"` is one string to Oxigraph but `\"\"\"` (a long string opening) to
      rdflib. An escape stands for one ordinary character here (its meaning does not
      matter to the check; Oxigraph refuses one outside strings and IRIs anyway);
    - a carriage return ends a comment for Oxigraph, not for rdflib.
    """
    return _ESCAPE.sub("A", text).replace("\r", "\n")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def _update_word(op) -> str:
    if op.name == "Modify":
        return " ".join(w for w, key in (("DELETE", "delete"), ("INSERT", "insert"))
                        if dict.get(op, key) is not None) or "MODIFY"
    return _UPDATE_WORDS.get(op.name, op.name.upper())


def _nodes(tree):
    """Every rule of rdflib's parse tree (CompValue), depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(dict.values(node))
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)


def _reaches_out(tree) -> str | None:
    """Why a parsed query would reach outside the store (SERVICE, FROM <elsewhere>), or None."""
    names: dict[str, str] = {}
    base = None
    for node in _nodes(tree):
        if node.name == "PrefixDecl":
            names[dict.get(node, "prefix") or ""] = str(dict.get(node, "iri"))
        elif node.name == "Base":
            base = str(dict.get(node, "iri"))
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            return ("SERVICE is refused: a query must not reach out to other endpoints "
                    "(use --allow-remote to permit it)")
        if node.name == "DatasetClause":
            iri = _iri(dict.get(node, "default", dict.get(node, "named")), names, base)
            if not iri.startswith(KGR):
                return (f"FROM <{iri}> is refused: only the store's own graphs "
                        f"({KGR}…) can be named (use --allow-remote to permit it)")
    return None


def _iri(term, names: dict[str, str], base: str | None) -> str:
    """An IRI of the parse tree, prefixed names expanded and relative IRIs resolved."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(term, CompValue):  # pname
        prefix = dict.get(term, "prefix") or ""
        if prefix not in names:
            return f"{prefix}:{dict.get(term, 'localname') or ''}"
        text = names[prefix] + (dict.get(term, "localname") or "")
    else:
        text = str(term)
    return urllib.parse.urljoin(base, text) if base else text


# ---------------------------------------------------------------------- parameters

def _slug(value: str) -> str:
    from kg.text import slug

    return slug(value)


def _person_key(value: str) -> str:
    """The IRI key of a person named in any spelling the officials list knows ("Vladimir
    Poutine", "Путин", "普京" all give vladimir-putin; a surname when it names one official
    only); other names by their slug."""
    from kg.text import match_key

    return _official_keys().get(match_key(value)) or _slug(value)


@cache
def _official_keys() -> dict[str, str]:
    """Every full spelling of every official (all languages), folded, to its IRI key."""
    from kg.refdata import refdata
    from kg.text import match_key

    keys: dict[str, str] = {}
    for o in refdata().officials:
        for spelling in (o.name, *o.aliases):
            keys.setdefault(match_key(spelling), _slug(o.name))
    # a surname alone ("Poutine", "Путин") where it names one official only
    shorts: dict[str, set[str]] = {}
    for o in refdata().officials:
        for short in o.short:
            shorts.setdefault(match_key(short), set()).add(_slug(o.name))
    for short, owners in shorts.items():
        if len(owners) == 1:
            keys.setdefault(short, next(iter(owners)))
    return keys


def _state_code(value: str) -> str:
    from kg.refdata import refdata
    from kg.text import fold

    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{3}", value) and value.upper() in refdata().states:
        return value.upper()
    key = fold(value)
    for f in refdata().state_forms:
        if fold(f.form) == key:
            return f.code
    raise QueryError(f"unknown state {value!r} (give an ISO 3166-1 alpha-3 code or a name)")


def _topic_iri(value: str) -> str:
    from kg.refdata import refdata
    from kg.text import fold

    key = fold(value)
    data = refdata()
    for kind, entries in (("org", data.organisations), ("project", data.projects)):
        for e in entries:
            if key in {fold(x) for x in (e.name, *e.aliases, *e.labels.values())} or \
                    value in e.acronyms:
                return f"{KGR}{kind}/{_slug(e.name)}"
    return f"{KGR}project/{_slug(value)}"


def param_term(param: Param | None, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a command-line value stands for, given the parameter's kind; a value
    that cannot be that term (an IRI with a space or a `>`, text that is not Unicode) is a
    QueryError naming the parameter."""
    name = param.name if param else "value"
    try:
        return _param_term(param, value)
    except (ValueError, UnicodeError) as exc:  # Oxigraph's IRI check; lone surrogates
        why = re.sub(r"[\x00-\x1f]", lambda m: repr(m.group())[1:-1], str(exc))
        raise QueryError(f"parameter {name}: {value!r} is not a usable "
                         f"{'IRI' if 'IRI' in why else 'value'} ({why})") from exc


def _param_term(param: Param | None, value: str) -> ox.NamedNode | ox.Literal:
    kind = param.kind if param else "string"
    value.encode("utf-8")  # a lone surrogate (undecodable bytes on the command line)
    if value.startswith(("http://", "https://")) and kind in ("state", "person", "topic",
                                                              "iri", "event"):
        return ox.NamedNode(value)
    if kind == "state":
        return ox.NamedNode(f"{KGR}state/{_state_code(value)}")
    if kind == "person":
        return ox.NamedNode(f"{KGR}person/{_person_key(value)}")
    if kind == "topic":
        return ox.NamedNode(_topic_iri(value))
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise QueryError(f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)")
        return ox.Literal(value)
    if kind == "int":
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


_VARNAME = re.compile(r"\w+")


def bindings(nq: NamedQuery | None, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check the parameters against the query's declaration and turn them into terms."""
    declared = {p.name: p for p in nq.params} if nq else {}
    for name in values:
        _check_name(name)
    if nq:
        unknown = set(values) - set(declared)
        if unknown:
            raise QueryError(f"query {nq.name} has no parameter {', '.join(sorted(unknown))} "
                             f"(it takes: {', '.join(declared) or 'none'})")
        missing = [p.name for p in nq.params if not p.optional and p.name not in values]
        if missing:
            raise QueryError(f"query {nq.name} needs --param {missing[0]}=… "
                             f"({declared[missing[0]].doc})")
    return {name: param_term(declared.get(name, Param(name, "string", True, "")), v)
            for name, v in values.items()}


def _check_name(name: str) -> None:
    if not _VARNAME.fullmatch(name):
        raise QueryError(f"parameter {name!r} is not a SPARQL variable name "
                         "(letters, digits and _ only)")


def nt(term) -> str:
    """An Oxigraph term as N-Triples/SPARQL syntax (escaped by Oxigraph itself)."""
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"{term!r} is not an IRI or a literal: it cannot be bound")
    return str(term)


# ---------------------------------------------------------------------- results

@dataclass
class Result:
    """A query's answer: variables and rows of terms (None when unbound) for SELECT, a
    boolean for ASK, triples for CONSTRUCT and DESCRIBE."""

    variables: list[str]
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    triples: list | None = None

    @property
    def form(self) -> str:
        """SELECT, ASK or CONSTRUCT (which DESCRIBE results are too)."""
        if self.triples is not None:
            return "CONSTRUCT"
        return "ASK" if self.boolean is not None else "SELECT"

    def without(self, names) -> Result:
        """The result without the columns of bound parameters (constant by construction)."""
        keep = [i for i, v in enumerate(self.variables) if v not in names]
        if len(keep) == len(self.variables):
            return self
        return Result([self.variables[i] for i in keep],
                      [[row[i] for i in keep] for row in self.rows], self.boolean,
                      self.triples)

    def to_json(self) -> dict:
        """SPARQL 1.1 Query Results JSON (as a dict; `serialize("json")` writes it)."""
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings_ = []
        for row in self.rows:
            b = {}
            for var, term in zip(self.variables, row, strict=True):
                if term is not None:
                    b[var] = _json_term(term)
            bindings_.append(b)
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings_}}

    def to_frame(self):
        """The rows as a pandas DataFrame of plain values (IRIs of the graph as kgr:…,
        numbers as numbers), for notebooks; a CONSTRUCT's triples as subject, predicate,
        object."""
        import pandas as pd

        def value(term):
            if term is None:
                return None
            if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
                text = term.value
                return int(text) if term.datatype.value.endswith("integer") else float(text)
            return _plain(term)

        if self.triples is not None:
            return pd.DataFrame([[value(t.subject), value(t.predicate), value(t.object)]
                                 for t in self.triples],
                                columns=["subject", "predicate", "object"])
        return pd.DataFrame([[value(t) for t in row] for row in self.rows],
                            columns=self.variables)

    def serialize(self, fmt: str) -> bytes:
        """The result in `fmt` (one of FORMATS), ending with a newline.

        Written by Oxigraph's serialisers: the SPARQL 1.1 results formats for SELECT and
        ASK (full IRIs in CSV, `?var` headers and Turtle terms in TSV), RDF for CONSTRUCT
        and DESCRIBE (`table` gives Turtle there). A format that does not fit the query
        form is a QueryError.
        """
        if fmt == "table" and self.triples is None:
            data = self.table().encode("utf-8")
        elif self.triples is not None:
            data = self._serialize_graph("turtle" if fmt == "table" else fmt)
        else:
            data = self._serialize_results(fmt)
        return data if data.endswith(b"\n") else data + b"\n"

    def format(self, fmt: str) -> str:
        """The result in `fmt` as text (without the final newline)."""
        return self.serialize(fmt).decode("utf-8").removesuffix("\n")

    def table(self) -> str:
        """For people: aligned columns, IRIs of the graph as kgr:…, long values cut."""
        if self.boolean is not None:
            return "true" if self.boolean else "false"
        return _table(self.variables, [[_plain(t) for t in row] for row in self.rows])

    def _serialize_results(self, fmt: str) -> bytes:
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results; "
                             f"{self.form} gives {_fits('table', *RESULT_FORMATS)}")
        if self.boolean is not None and fmt in ("csv", "tsv"):
            raise QueryError(f"an ASK result has no {fmt.upper()} form in SPARQL 1.1: "
                             "use --format json, xml or table")
        # Oxigraph serialises only its own result objects: the (possibly narrowed) rows go
        # back to one through SPARQL JSON, which holds every kind of term exactly
        results = ox.parse_query_results(json.dumps(self.to_json()), ox.QueryResultsFormat.JSON)
        return results.serialize(format=RESULT_FORMATS[fmt])

    def _serialize_graph(self, fmt: str) -> bytes:
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"--format {fmt} is for SELECT and ASK results; a CONSTRUCT or "
                             f"DESCRIBE query gives {_fits(*GRAPH_FORMATS)} (table: turtle)")
        from kg.namespaces import PREFIXES

        return ox.serialize(self.triples, format=GRAPH_FORMATS[fmt],
                            prefixes={k: str(v) for k, v in PREFIXES.items()})


def _fits(*names: str) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1]


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if term.direction is not None:
            out["its:dir"] = str(term.direction).lower().rsplit(".", 1)[-1]
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}


def _plain(term) -> str:
    if term is None:
        return ""
    value = term.value if not isinstance(term, ox.Triple) else str(term)
    if isinstance(term, ox.NamedNode) and value.startswith(KGR):
        return "kgr:" + value[len(KGR):]
    return value


def _table(variables: list[str], rows: list[list[str]], width: int = 60) -> str:
    cells = [[v if len(v) <= width else v[: width - 1] + "…" for v in row] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join([line, rule, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def _from_oxigraph(results) -> Result:
    if isinstance(results, ox.QueryBoolean):
        return Result([], boolean=bool(results))
    if isinstance(results, ox.QueryTriples):
        return Result([], triples=list(results))
    variables = [v.value for v in results.variables]
    return Result(variables, [list(sol) for sol in results])  # values in variable order


def result_from_json(data: dict) -> Result:
    """A Result from SPARQL 1.1 Query Results JSON (as a dict), read by Oxigraph."""
    try:
        return _from_oxigraph(ox.parse_query_results(json.dumps(data),
                                                     ox.QueryResultsFormat.JSON))
    except SyntaxError as exc:
        raise QueryError(f"not SPARQL JSON results: {_one_line(exc)}") from exc


# ---------------------------------------------------------------------- execution

def resolve_timeout(value: float | str | None = "default") -> float | None:
    """Seconds a query may run, or None for no limit.

    "default" is $KG_QUERY_TIMEOUT if set, else DEFAULT_TIMEOUT; 0, "0", "none" and None
    mean no limit; anything else must be a positive number of seconds.
    """
    source = "--timeout"
    if value == "default":
        value, source = os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT, f"${TIMEOUT_ENV}"
    if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "off")):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise QueryError(f"{source}: {value!r} is not a number of seconds "
                         "(0 or none: no limit)")
    return seconds or None


def prepare(text: str, binds: dict, allow_remote: bool = False) -> str:
    """The query that will run: parameters bound, then checked (`check_query`) as a whole.

    The bound text is what is checked, so no placement of a value can smuggle syntax
    past the check. A shipped query is not parsed at run time (rdflib's parse would
    cost more than most queries): it is ours, and the test suite checks every one of
    them, bound with hostile values.
    """
    bound = bind_values(text, binds)
    if text not in _shipped_texts():
        check_query(bound, allow_remote)
    return bound


def run_local(store_path: Path, text: str, binds: dict, allow_remote: bool = False,
              timeout: float | str | None = "default") -> Result:
    """Run a query on the embedded store (read-only), the union of graphs as default graph,
    stopped after `timeout` seconds (see `resolve_timeout`; None: no limit)."""
    query = prepare(text, binds, allow_remote)
    limit = resolve_timeout(timeout)
    if limit is None:
        return _execute(_open_store(Path(store_path)), query).without(binds)
    return _execute_forked(Path(store_path), query, limit).without(binds)


def run_with_timeout(store_path: Path, text: str, binds: dict, timeout: float | None,
                     allow_remote: bool = False) -> Result:
    """`run_local` with an explicit limit in seconds (None or 0: no limit)."""
    return run_local(store_path, text, binds, allow_remote, timeout)


def _open_store(store_path: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(store_path / "oxigraph"))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a store still being created
        raise QueryError(f"{store_path}: cannot open the store: {_one_line(exc)}") from exc


def query_store(store: ox.Store, text: str, binds: dict) -> Result:
    """Run on an open Oxigraph store, parameters bound by `bind_values`; columns of bound
    parameters, constant by construction, are dropped from the result. No check and no
    time limit: callers check (`prepare`); `run` is the checked way for an open store."""
    return _execute(store, bind_values(text, binds)).without(binds)


def _execute(store: ox.Store, query: str) -> Result:
    """Run a prepared query; Oxigraph's errors (evaluation happens while the results are
    read, a failed SERVICE is an OSError) become QueryErrors."""
    try:
        return _from_oxigraph(store.query(query, use_default_graph_as_union=True))
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {_one_line(exc)}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(_one_line(exc)) from exc


def _execute_forked(store_path: Path, query: str, limit: float) -> Result:
    """Run in a forked child, killed after `limit` seconds: Oxigraph cannot cancel a query.

    A fork, not a fresh interpreter: the child starts in a few milliseconds with
    everything imported, opens the store read-only itself (sharing no open database
    with the parent), and sends the results through a pipe, written by Oxigraph's
    serialisers (SPARQL JSON, or N-Triples for a CONSTRUCT), which the parent reads
    back. (A temporary file instead of the pipe cost 5 ms more per query.)
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        try:
            os.close(read_fd)
            _child(str(store_path), query, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline, finished = time.monotonic() + limit, False
    try:
        while not finished:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_fd], [], [], left)[0]:
                break
            chunk = os.read(read_fd, 1 << 20)
            chunks.append(chunk)
            finished = not chunk
    finally:  # on time, over time, or interrupted (Ctrl-C): no child is left running
        os.close(read_fd)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not finished:
        raise QueryError(f"query stopped after {limit:g} s (--timeout, ${TIMEOUT_ENV}; "
                         "0 or none: no limit)")
    data = b"".join(chunks)
    kind, payload = data[:1], data[1:]
    if kind == b"E":
        raise QueryError(payload.decode("utf-8", "replace"))
    if kind == b"T":
        quads = ox.parse(payload, ox.RdfFormat.N_TRIPLES)
        return Result([], triples=[q.triple for q in quads])
    if kind == b"S":
        return _from_oxigraph(ox.parse_query_results(payload, ox.QueryResultsFormat.JSON))
    raise QueryError(f"query process failed (exit status {os.waitstatus_to_exitcode(status)})")


def _child(store_path: str, query: str, fd: int) -> None:
    """The forked child of `_execute_forked`: writes S + SPARQL JSON, T + N-Triples (a
    CONSTRUCT's triples) or E + the one-line reason to `fd`, then exits at once (the
    read-only store needs no closing)."""
    try:
        try:
            results = _open_store(Path(store_path)).query(query,
                                                          use_default_graph_as_union=True)
            if isinstance(results, ox.QueryTriples):
                data = b"T" + results.serialize(format=ox.RdfFormat.N_TRIPLES)
            else:
                data = b"S" + results.serialize(format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {_one_line(exc)}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(_one_line(exc)) from exc
    except QueryError as exc:
        data = b"E" + str(exc).encode("utf-8")
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)
    os._exit(0)


def run(store, spec: str, **params: str) -> Result:
    """Run a shipped query by name, or SPARQL text, on an open store (a KgStore or a
    pyoxigraph Store), with the same checks and parameter binding as `kg query`:
    run(kg, "meetings-between-states", state1="CHN", state2="KGZ").to_frame()

    It runs in this process, without a time limit (an open store cannot be handed to a
    child safely); `run_named` on a store's folder has the limit.
    """
    text, nq = resolve_query(spec)
    binds = bindings(nq, params)
    ox_store = store if isinstance(store, ox.Store) else store.ox
    res = _execute(ox_store, prepare(text, binds)).without(binds)
    return res.without({p.name for p in nq.params}) if nq else res


def run_named(store_path: Path | str, name: str, timeout: float | str | None = "default",
              **params: str) -> Result:
    """A shipped query on the embedded store, for notebooks: run_named(path, "active-pairs")."""
    text, nq = resolve_query(name)
    res = run_local(Path(store_path), text, bindings(nq, params), timeout=timeout)
    return res.without({p.name for p in nq.params}) if nq else res


# ---------------------------------------------------------------------- binding

_VALUES_ROW = re.compile(r"(?i)\bVALUES\s*\(([^()]*)\)\s*\{\s*\(([^()]*)\)\s*\}")
_VALUES_ONE = re.compile(r"(?i)\bVALUES\s+\?(\w+)\s*\{\s*(UNDEF)\s*\}")
# One pass over the text, in order, as SPARQL's lexer reads it: long strings, strings,
# IRIs and comments each start where the previous token ended, so a `'''` inside an IRI
# or a comment does not open a string, and a `#` inside a string or IRI is no comment.
_LEXEME = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                     r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*")


def _masked(text: str) -> str:
    """The text with strings and comments blanked out (same length; IRIs kept), for
    finding where to bind. Placement only: the safety check parses the bound query."""
    return _LEXEME.sub(lambda m: m.group() if m.group()[0] == "<" else "_" * len(m.group()),
                       text)


@functools.lru_cache(maxsize=256)
def _placeholders(text: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """Where the query's placeholder rows are: (start, end, parameter names) of each
    all-UNDEF VALUES row outside strings and comments. Cached: a query text is scanned
    once, not on every run (the scan was a third of kg's overhead on a 0.4 ms query)."""
    code = _masked(text)
    found = []
    for m in _VALUES_ROW.finditer(code):
        names = tuple(re.findall(r"[?$](\w+)", m.group(1)))
        cells = m.group(2).split()
        if len(names) == len(cells) and all(c.upper() == "UNDEF" for c in cells):
            found.append((m.start(2), m.end(2), names))
    for m in _VALUES_ONE.finditer(code):
        found.append((m.start(2), m.end(2), (m.group(1),)))
    return tuple(found)


@functools.lru_cache(maxsize=256)
def _variables(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[?$](\w+)", _masked(text)))


def bind_values(text: str, binds: dict) -> str:
    """The query with its parameters bound as RDF terms in VALUES blocks.

    A shipped query declares where each parameter selects with a one-row block of
    placeholders, `VALUES (?state1 ?state2) { (UNDEF UNDEF) }`, valid SPARQL that binds
    nothing; binding puts the Oxigraph-serialised term (escaped by Oxigraph) in place of
    the parameter's UNDEF. A parameter without a block (a user's own query) gets one at the
    start of the WHERE clause. Either way a value is one RDF term, never query syntax, and
    a name is a variable of the query (else a QueryError).

    Why not Oxigraph's `substitutions`: it filters the solutions after evaluating the
    whole pattern, so a query about one pair of states scanned every event (440 ms
    against 4 ms at 10,000 readouts, measured).
    """
    if not binds:
        return text
    for name in binds:
        _check_name(name)
        if name not in _variables(text):
            raise QueryError(f"parameter {name}: the query has no variable ?{name}")
    edits: list[tuple[int, int, str]] = []
    placed: set[str] = set()
    for start, end, names in _placeholders(text):
        if not any(n in binds for n in names):
            continue
        edits.append((start, end, " ".join(nt(binds[n]) if n in binds else "UNDEF"
                                           for n in names)))
        placed.update(n for n in names if n in binds)
    for start, end, row in sorted(edits, reverse=True):
        text = text[:start] + row + text[end:]
    rest = {k: v for k, v in binds.items() if k not in placed}
    return with_values(text, rest) if rest else text


def with_values(text: str, binds: dict) -> str:
    """The query with a VALUES block binding the parameters, first in its WHERE clause
    (for remote endpoints, which have no substitution API).

    The terms are serialised by Oxigraph (escaped), so this binds values, it does
    not splice text: a literal stays a literal whatever it contains.
    """
    if not binds:
        return text
    for name in binds:
        _check_name(name)
    names = " ".join(f"?{k}" for k in binds)
    values = " ".join(nt(v) for v in binds.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    code = _masked(text)
    where = re.search(r"(?i)\bWHERE\s*\{", code) or re.search(r"\{", code)
    if where is None:
        return f"{text}\nVALUES ({names}) {{ ({values}) }}"
    return text[: where.end()] + block + text[where.end():]


def run_remote(endpoint: str, text: str, binds: dict, timeout: float | None = None,
               allow_remote: bool = False, auth: tuple[str, str] | None = None) -> Result:
    """Run on a SPARQL 1.1 endpoint (SPARQL protocol, POST), asking for JSON results.

    Credentials come from `auth` or from `user:password@` in the URL; they are sent to
    the server only, never shown (messages name the URL without them). The query asks
    for the union of the graphs as its default graph: Oxigraph server needs
    `union-default-graph` for that, and Virtuoso, which queries the union already,
    ignores it. A result the server cut short (Virtuoso's `ResultSetMaxRows`, or its
    anytime timeout) is refused rather than shown as if it were whole.
    """
    from urllib.error import HTTPError, URLError

    from kg.store import endpoint_auth, http_opener

    check_query(text, allow_remote)
    try:
        endpoint, auth = endpoint_auth(endpoint, auth)
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    data = urllib.parse.urlencode({"query": bind_values(text, binds)}).encode("utf-8")
    url = endpoint + ("&" if "?" in endpoint else "?") + "union-default-graph"
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with http_opener(url, auth).open(req, timeout=timeout or 300) as resp:
            _refuse_partial(endpoint, resp.headers)
            payload = resp.read().decode("utf-8")
    except HTTPError as exc:
        if exc.code in (401, 403):
            who = f"user {auth[0]!r}" if auth else "anonymous queries"
            raise QueryError(f"{endpoint}: HTTP {exc.code}: the endpoint refuses {who} "
                             "(give --user and --password, or user:password@ in the URL)"
                             ) from exc
        raise QueryError(f"{endpoint}: HTTP {exc.code}: "
                         f"{_first_line(exc.read().decode('utf-8', 'replace'))}") from exc
    except (URLError, TimeoutError) as exc:
        raise QueryError(f"{endpoint}: {getattr(exc, 'reason', exc)}") from exc
    try:
        return _remote_result(json.loads(payload)).without(binds)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise QueryError(f"{endpoint}: not SPARQL JSON results: "
                         f"{_first_line(payload)}") from exc


def _first_line(body: str, limit: int = 300) -> str:
    """The first non-blank line of a server's error page, cut to `limit` characters: enough
    to say what went wrong (Virtuoso's "SQ156: …") without echoing the whole query."""
    line = next((s.strip() for s in body.splitlines() if s.strip()), "(empty answer)")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _refuse_partial(endpoint: str, headers) -> None:
    """QueryError when the server says it returned only part of the answer.

    Virtuoso stops at `ResultSetMaxRows` (10,000 in Debian's virtuoso.ini) and says so
    only in an `X-SPARQL-MaxRows` header; when its anytime timeout cuts a query it sets
    `X-SQL-State`. Either way the rows look complete, so they must not be shown as such.
    """
    max_rows = headers.get("X-SPARQL-MaxRows")
    if max_rows:
        raise QueryError(f"{endpoint}: the server cut the result at {max_rows} rows "
                         "(Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of "
                         "virtuoso.ini, or add LIMIT to the query)")
    state = headers.get("X-SQL-State")
    if state:
        why = " ".join([state, headers.get("X-SQL-Message", "")]).strip()
        raise QueryError(f"{endpoint}: the server returned a partial result ({why}): "
                         "raise its query time limit, or narrow the query")


def _remote_term(d: dict):
    """A term of SPARQL JSON results as servers write them: Virtuoso writes the older
    `typed-literal` type and names blank nodes `nodeID://…`, which stay blank nodes."""
    kind = d["type"]
    if kind == "uri":
        return ox.NamedNode(d["value"])
    if kind == "bnode":
        return ox.BlankNode(re.sub(r"\W", "_", d["value"].removeprefix("nodeID://")) or None)
    if "xml:lang" in d:
        return ox.Literal(d["value"], language=d["xml:lang"])
    if d.get("datatype"):
        return ox.Literal(d["value"], datatype=ox.NamedNode(d["datatype"]))
    return ox.Literal(d["value"])


def _remote_result(data: dict) -> Result:
    """A Result from a server's SPARQL JSON (boolean or bindings)."""
    if "boolean" in data:
        return Result([], boolean=bool(data["boolean"]))
    variables = data["head"]["vars"]
    rows = [[_remote_term(b[v]) if v in b else None for v in variables]
            for b in data["results"]["bindings"]]
    return Result(variables, rows)
