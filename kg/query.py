"""SPARQL over the store (or a SPARQL server): named queries, safe parameters, output formats.

Parameters are bound as RDF terms: each value becomes an Oxigraph term (an IRI or a
literal), serialised and escaped by Oxigraph into a `VALUES` row where the query binds
it (see `bind_values`), the same way for the embedded store and for a SPARQL server.
The user's text is never spliced into query syntax, so a value such as
`"} ; DROP ALL ; {` is only ever a literal. Queries cannot reach out or write:
`SERVICE`, `LOAD` and `FROM <http…>` are refused unless allowed, and updates
are refused outright (use `kg ingest` / `kg remove`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import multiprocessing
import re
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

QUERY_DIR = Path(__file__).resolve().parent / "queries"
KGR = "https://w3id.org/kg-diplo/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
FORMATS = ("table", "csv", "tsv", "json")


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


def resolve_query(spec: str) -> tuple[str, NamedQuery | None]:
    """SPARQL text from a named query, `@file.rq`, or the text itself."""
    if spec.startswith("@"):
        path = Path(spec[1:])
        try:
            return path.read_text(encoding="utf-8"), None
        except OSError as exc:
            raise QueryError(f"{path}: cannot read query file: {exc.strerror}") from exc
    nq = named_queries().get(spec)
    if nq is not None:
        return nq.text, nq
    if re.fullmatch(r"[\w-]+", spec.strip()):
        raise QueryError(f"no query named {spec!r} (see `kg query --list`)")
    return spec, None


# ---------------------------------------------------------------------- safety

_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                      r"'(?:[^'\\\n]|\\.)*'")
_COMMENT = re.compile(r"#[^\n]*")
_UPDATE = re.compile(r"(?<![\w:?$])(INSERT|DELETE|DROP|CLEAR|CREATE|COPY|MOVE|ADD|LOAD|WITH)"
                     r"(?![\w:])", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$])FROM\s+(?:NAMED\s+)?<([^>]*)>", re.IGNORECASE)


def _code_only(text: str) -> str:
    """The query without string literals and comments (IRIs stay: FROM needs them)."""
    text = _STRINGS.sub('""', text)
    out, pos = [], 0
    for m in re.finditer(r"<[^<>\s]*>", text):
        out.append(_COMMENT.sub("", text[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_COMMENT.sub("", text[pos:]))
    return "".join(out)


def check_query(text: str, allow_remote: bool = False) -> None:
    """Refuse updates, and (unless allowed) SERVICE, LOAD and FROM of outside IRIs."""
    code = _code_only(text)
    no_iris = re.sub(r"<[^<>\s]*>", "<>", code)
    m = _UPDATE.search(no_iris)
    if m:
        raise QueryError(f"updates are refused ({m.group(1).upper()}): kg query only reads; "
                         "change the store with `kg ingest` and `kg remove`")
    if allow_remote:
        return
    if _SERVICE.search(no_iris):
        raise QueryError("SERVICE is refused: a query must not reach out to other endpoints "
                         "(use --allow-remote to permit it)")
    for m in _FROM.finditer(code):
        iri = m.group(1)
        if not iri.startswith(KGR) and re.match(r"[a-z][\w+.-]*:", iri, re.IGNORECASE):
            raise QueryError(f"FROM <{iri}> is refused: only the store's own graphs can be "
                             "named (use --allow-remote to permit it)")


# ---------------------------------------------------------------------- parameters

def _slug(value: str) -> str:
    from kg.text import slug

    return slug(value)


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
    """The RDF term a command-line value stands for, given the parameter's kind."""
    kind = param.kind if param else "string"
    if value.startswith(("http://", "https://")) and kind in ("state", "person", "topic",
                                                              "iri", "event"):
        return ox.NamedNode(value)
    if kind == "state":
        return ox.NamedNode(f"{KGR}state/{_state_code(value)}")
    if kind == "person":
        return ox.NamedNode(f"{KGR}person/{_slug(value)}")
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


def bindings(nq: NamedQuery | None, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check the parameters against the query's declaration and turn them into terms."""
    declared = {p.name: p for p in nq.params} if nq else {}
    if nq:
        unknown = set(values) - set(declared)
        if unknown:
            raise QueryError(f"query {nq.name} has no parameter {', '.join(sorted(unknown))} "
                             f"(it takes: {', '.join(declared) or 'none'})")
        missing = [p.name for p in nq.params if not p.optional and p.name not in values]
        if missing:
            raise QueryError(f"query {nq.name} needs --param {missing[0]}=… "
                             f"({declared[missing[0]].doc})")
    return {name: param_term(declared.get(name), v) for name, v in values.items()}


def nt(term) -> str:
    """An Oxigraph term as N-Triples/SPARQL syntax (escaped by Oxigraph itself)."""
    return str(term)


# ---------------------------------------------------------------------- results

@dataclass
class Result:
    """A SELECT result: variable names and rows of terms (None when unbound)."""

    variables: list[str]
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None

    def without(self, names) -> Result:
        """The result without the columns of bound parameters (constant by construction)."""
        keep = [i for i, v in enumerate(self.variables) if v not in names]
        if len(keep) == len(self.variables):
            return self
        return Result([self.variables[i] for i in keep],
                      [[row[i] for i in keep] for row in self.rows], self.boolean)

    def to_json(self) -> dict:
        """SPARQL 1.1 Query Results JSON."""
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
        numbers as numbers), for notebooks."""
        import pandas as pd

        def value(term):
            if term is None:
                return None
            if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
                text = term.value
                return int(text) if term.datatype.value.endswith("integer") else float(text)
            return _plain(term)

        return pd.DataFrame([[value(t) for t in row] for row in self.rows],
                            columns=self.variables)

    def format(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps(self.to_json(), ensure_ascii=False, indent=1)
        if self.boolean is not None:
            return "true" if self.boolean else "false"
        values = [[_plain(t) for t in row] for row in self.rows]
        if fmt in ("csv", "tsv"):
            buf = io.StringIO()
            writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t",
                                lineterminator="\n")
            writer.writerow(self.variables)
            writer.writerows(values)
            return buf.getvalue().rstrip("\n")
        return _table(self.variables, values)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}


def _plain(term) -> str:
    if term is None:
        return ""
    value = term.value
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
        rows = [[t.subject, t.predicate, t.object] for t in results]
        return Result(["subject", "predicate", "object"], rows)
    variables = [v.value for v in results.variables]
    return Result(variables, [list(sol) for sol in results])  # values in variable order


# ---------------------------------------------------------------------- execution

def run_local(store_path: Path, text: str, binds: dict, allow_remote: bool = False) -> Result:
    """Run a query on the embedded store (read-only), the union of graphs as default graph."""
    check_query(text, allow_remote)
    try:
        store = ox.Store.read_only(str(store_path / "oxigraph"))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a store still being created
        raise QueryError(f"{store_path}: cannot open the store: {exc}") from exc
    return query_store(store, text, binds)


def query_store(store: ox.Store, text: str, binds: dict) -> Result:
    """Run on an open Oxigraph store, parameters bound by `bind_values`; columns of bound
    parameters, constant by construction, are dropped from the result."""
    try:
        results = store.query(bind_values(text, binds), use_default_graph_as_union=True)
        res = _from_oxigraph(results)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from exc
    except RuntimeError as exc:
        raise QueryError(str(exc)) from exc
    return res.without(binds)


def _child(store_path: str, text: str, binds: list, allow_remote: bool, out: str) -> None:
    """Worker for queries with a time limit: writes the result as JSON to `out`."""
    try:
        res = run_local(Path(store_path), text, {k: _term_from_json(v) for k, v in binds},
                        allow_remote)
        payload = {"ok": res.to_json()}
    except QueryError as exc:
        payload = {"error": str(exc)}
    Path(out).write_text(json.dumps(payload), encoding="utf-8")


def _term_from_json(d: dict):
    if d["type"] == "uri":
        return ox.NamedNode(d["value"])
    if "xml:lang" in d:
        return ox.Literal(d["value"], language=d["xml:lang"])
    if "datatype" in d:
        return ox.Literal(d["value"], datatype=ox.NamedNode(d["datatype"]))
    return ox.Literal(d["value"])


def result_from_json(data: dict) -> Result:
    if "boolean" in data:
        return Result([], boolean=bool(data["boolean"]))
    variables = data["head"]["vars"]
    rows = [[_term_from_json(b[v]) if v in b else None for v in variables]
            for b in data["results"]["bindings"]]
    return Result(variables, rows)


def run_with_timeout(store_path: Path, text: str, binds: dict, timeout: float,
                     allow_remote: bool = False) -> Result:
    """Run in a child process so a runaway query can be stopped."""
    check_query(text, allow_remote)
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "result.json")
        ctx = multiprocessing.get_context("fork")
        proc = ctx.Process(target=_child, args=(
            str(store_path), text, [(k, _json_term(v)) for k, v in binds.items()],
            allow_remote, out))
        proc.start()
        proc.join(timeout)
        if proc.is_alive():
            proc.kill()
            proc.join()
            raise QueryError(f"query stopped after {timeout:g} s (--timeout)")
        if not Path(out).exists():
            raise QueryError(f"query process failed (exit code {proc.exitcode})")
        payload = json.loads(Path(out).read_text(encoding="utf-8"))
    if "error" in payload:
        raise QueryError(payload["error"])
    return result_from_json(payload["ok"])


def run(store, spec: str, **params: str) -> Result:
    """Run a shipped query by name, or SPARQL text, on an open store (a KgStore or a
    pyoxigraph Store), with the same checks and parameter binding as `kg query`:
    run(kg, "meetings-between-states", state1="CHN", state2="KGZ").to_frame()"""
    text, nq = resolve_query(spec)
    check_query(text)
    ox_store = store if isinstance(store, ox.Store) else store.ox
    res = query_store(ox_store, text, bindings(nq, params))
    return res.without({p.name for p in nq.params}) if nq else res


def run_named(store_path: Path | str, name: str, **params: str) -> Result:
    """A shipped query on the embedded store, for notebooks: run_named(path, "active-pairs")."""
    text, nq = resolve_query(name)
    res = run_local(Path(store_path), text, bindings(nq, params))
    return res.without({p.name for p in nq.params}) if nq else res


_VALUES_ROW = re.compile(r"(?i)\bVALUES\s*\(([^()]*)\)\s*\{\s*\(([^()]*)\)\s*\}")
_VALUES_ONE = re.compile(r"(?i)\bVALUES\s+\?(\w+)\s*\{\s*(UNDEF)\s*\}")


@functools.lru_cache(maxsize=256)
def _placeholders(text: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """Where the query's placeholder rows are: (start, end, parameter names) of each
    all-UNDEF VALUES row outside strings and comments. Cached: a query text is scanned
    once, not on every run (the scan was a third of kg's overhead on a 0.4 ms query)."""
    code = _STRINGS.sub(lambda m: "_" * len(m.group()), text)
    code = _COMMENT.sub(lambda m: "_" * len(m.group()), code)
    found = []
    for m in _VALUES_ROW.finditer(code):
        names = tuple(re.findall(r"[?$](\w+)", m.group(1)))
        cells = m.group(2).split()
        if len(names) == len(cells) and all(c.upper() == "UNDEF" for c in cells):
            found.append((m.start(2), m.end(2), names))
    for m in _VALUES_ONE.finditer(code):
        found.append((m.start(2), m.end(2), (m.group(1),)))
    return tuple(found)


def bind_values(text: str, binds: dict) -> str:
    """The query with its parameters bound as RDF terms in VALUES blocks.

    A shipped query declares where each parameter selects with a one-row block of
    placeholders, `VALUES (?state1 ?state2) { (UNDEF UNDEF) }`, valid SPARQL that binds
    nothing; binding puts the Oxigraph-serialised term (escaped by Oxigraph) in place of
    the parameter's UNDEF. A parameter without a block (a user's own query) gets one at the
    start of the WHERE clause. Either way a value is one RDF term, never query syntax.

    Why not Oxigraph's `substitutions`: it filters the solutions after evaluating the
    whole pattern, so a query about one pair of states scanned every event (440 ms
    against 4 ms at 10,000 readouts, measured).
    """
    if not binds:
        return text
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
    names = " ".join(f"?{k}" for k in binds)
    values = " ".join(nt(v) for v in binds.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    code = _STRINGS.sub(lambda m: "_" * len(m.group()), text)
    code = _COMMENT.sub(lambda m: "_" * len(m.group()), code)
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
