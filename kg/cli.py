"""The `kg` command line: a thin layer over the library (kg.pipeline, kg.store, kg.query,
kg.analysis, kg.view, kg.evaluate, kg.validate).

Conventions (kg/cli_options.py): exit 0 when all was done, 1 when some input failed and
the rest was done, 2 for a usage or environment error; each failure is printed once, as
one `error: …` line on standard error; `-o -` is standard output wherever -o exists.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kg import __version__
from kg.cli_options import (
    EXIT_INPUT,
    EnvironmentProblem,
    InputError,
    binary_output,
    compose,
    endpoint_auth_options,
    examples,
    focus_options,
    output_option,
    store_option,
    strict_option,
    to_stdout,
    window_options,
    write_text,
)
from kg.readout import ReadoutError, internal_error, iter_readout_paths


def _err(exc: ReadoutError) -> None:
    """Print one failed input as it happens (the batch goes on)."""
    click.echo(f"error: {exc}", err=True)


def _done(ok: bool) -> None:
    """End a batch command: exit 0, or 1 when some input failed (already printed)."""
    raise click.exceptions.Exit(0 if ok else EXIT_INPUT)


def _reference_data() -> None:
    """Load the reference data once, before any readout: a wrong $KG_DATA or a malformed
    data file is one environment error, not the same failure on every readout."""
    from kg.refdata import refdata

    try:
        refdata()
    except (OSError, ValueError) as exc:
        raise EnvironmentProblem(f"reference data: {str(exc).splitlines()[0]}") from exc


def _max_readout_size(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--max-readout-size sets $KG_MAX_READOUT_BYTES, which parser processes inherit."""
    if value is None:
        return
    from kg.readout import max_readout_bytes

    previous = os.environ.get("KG_MAX_READOUT_BYTES")
    os.environ["KG_MAX_READOUT_BYTES"] = value
    try:
        max_readout_bytes()
    except ValueError as exc:
        if previous is None:
            del os.environ["KG_MAX_READOUT_BYTES"]
        else:
            os.environ["KG_MAX_READOUT_BYTES"] = previous
        raise click.BadParameter(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog=examples("kg build data/readouts --out out/",
                             "kg ingest data/readouts && kg query --list",
                             "kg view -o states.html --since 2020"))
@click.version_option(__version__, prog_name="kg")
@click.option("--max-readout-size", metavar="SIZE", callback=_max_readout_size,
              expose_value=False, is_eager=True,
              help="Refuse readouts above SIZE (e.g. 500kB, 5MB) [default: 1MB, or "
                   "$KG_MAX_READOUT_BYTES].")
def main() -> None:
    """Turn diplomatic readouts into a knowledge graph of bilateral relations.

    Exit codes: 0 done; 1 some input failed (the rest was done); 2 usage or environment
    error (nothing was done)."""


# ------------------------------------------------------------------- readouts to RDF

@main.command(epilog=examples(
    "kg build data/readouts --out out/",
    "kg build a.txt b.txt --out /tmp/two --strict",
    "kg build corpus/ --out out/ --jobs 2"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl and graph.trig.")
@strict_option
@click.option("--jobs", "-j", default=1, show_default=True, help="Parser processes.")
def build(paths: tuple[Path, ...], out_dir: Path, strict: bool, jobs: int) -> None:
    """Parse every readout under PATHS into a fresh store; write OUT/graph.ttl, OUT/graph.trig.

    A run that reads no readout leaves the previous output as it was."""
    from kg.pipeline import build as run_build
    from kg.store import StoreError

    _reference_data()
    try:
        report = run_build(paths, out_dir, strict=strict, on_error=_err, jobs=jobs)
    except ReadoutError as exc:
        raise InputError("stopped (--strict); nothing written") from exc
    except StoreError as exc:  # disk full, no permission
        raise EnvironmentProblem(str(exc)) from exc
    click.echo(report.summary(details=False))
    _done(report.ok and not report.nothing_written)


def _extract_one(path: Path, lang: str | None, fmt: str) -> str:
    """A readout as its gold-shape JSON (read back from its graph) or its Turtle."""
    from kg.jsonview import graph_to_json
    from kg.pipeline import extract_file, readout_graph
    from kg.rdf import readout_iri

    x = extract_file(path, lang=lang)
    _, g = readout_graph(x)
    if fmt == "turtle":
        return g.serialize(format="turtle")
    return json.dumps(graph_to_json(g, readout_iri(x.readout.id)), ensure_ascii=False, indent=1)


@main.command(epilog=examples(
    "kg extract data/readouts/kg-en-2024-11-15-deu-rus.txt",
    "kg extract data/readouts --out extracted/",
    "kg extract note.txt --lang fr --format turtle"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Write DIR/X.json (or X.ttl) per readout, keeping sub-folders, instead of "
                   "printing.")
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json",
              show_default=True)
@click.option("--lang", help="Language of the readouts, overriding sidecar and detection.")
@strict_option
def extract(paths: tuple[Path, ...], out_dir: Path | None, fmt: str, lang: str | None,
            strict: bool) -> None:
    """Extract each readout: the gold-shape JSON (read back from its graph) or its Turtle."""
    from kg.pipeline import output_names

    _reference_data()
    listing: list[ReadoutError] = []
    files = list(iter_readout_paths(paths, on_error=listing.append))
    failures = 0

    def failed(exc: ReadoutError) -> None:
        nonlocal failures
        _err(exc)
        failures += 1
        if strict:
            raise InputError("stopped (--strict)")

    for exc in listing:
        failed(exc)
    printed: list[dict] = []
    suffix = ".ttl" if fmt == "turtle" else ".json"
    names = output_names(paths, files, suffix) if out_dir is not None else {}
    written = 0
    for path in files:
        if isinstance(names.get(path), ReadoutError):  # would overwrite another's output
            failed(names[path])
            continue
        try:
            text = _extract_one(path, lang, fmt)
        except ReadoutError as exc:
            failed(exc)
            continue
        except Exception as exc:  # a parser bug: one line on its file, the batch goes on
            failed(internal_error(path, exc))
            continue
        if out_dir is not None:
            dest = out_dir / names[path]
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                raise EnvironmentProblem(f"{dest}: cannot write: {exc.strerror or exc}") from exc
            written += 1
        elif fmt == "turtle":
            click.echo(text)
        else:
            printed.append(json.loads(text))
    if out_dir is None and fmt == "json":
        payload = printed[0] if len(printed) == 1 and len(files) == 1 else printed
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    if out_dir is not None:
        click.echo(f"wrote {written} file(s) to {out_dir}", err=True)
    _done(not failures)


@main.command(name="eval", epilog=examples(
    "kg eval data/gold data/readouts",
    "kg eval ../shared/corpus/gold ../shared/corpus/readouts --lang fr --errors --json",
    "kg eval data/unseen/gold data/unseen/readouts --by publisher --min-core-f1 en=0.69"))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("readout_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable scores.")
@click.option("--errors", is_flag=True, help="List what was missed (-) or invented (+).")
@click.option("--lang", "langs", multiple=True, help="Only readouts in these languages.")
@click.option("--min-core-f1", multiple=True, metavar="LANG=F1",
              help="Exit 1 when a language's core F1 is below a floor, e.g. en=0.85.")
@click.option("--by", "by", type=click.Choice(["language", "publisher"]), default="language",
              show_default=True,
              help="publisher: also a table of scores per publisher (the readout's sidecar).")
def evaluate(gold_dir: Path, readout_dir: Path, as_json: bool, errors: bool,
             langs: tuple[str, ...], min_core_f1: tuple[str, ...], by: str) -> None:
    """Score extraction of READOUT_DIR against the gold files in GOLD_DIR (SCHEMA.md rules)."""
    from kg.evaluate import Report, score_corpus
    from kg.pipeline import extract_json

    floors: dict[str, float] = {}
    for item in min_core_f1:
        lang, _, value = item.partition("=")
        try:
            floors[lang.strip()] = float(value)
        except ValueError as exc:
            raise click.BadParameter(f"{item!r}: expected LANG=F1, e.g. en=0.85",
                                     param_hint="--min-core-f1") from exc
    _reference_data()
    pairs = []
    failures = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EnvironmentProblem(f"{gold_path}: not a gold JSON file: {exc}") from exc
        if langs and gold.get("lang") not in langs:
            continue
        txt = readout_dir / (gold_path.stem + ".txt")
        try:
            pred = extract_json(txt)
        except ReadoutError as exc:
            failures.append(str(exc))
            pred = {"id": gold.get("id"), "lang": gold.get("lang")}
        pairs.append((pred, gold))
    report: Report = score_corpus(pairs)
    if by == "publisher":
        report.groups = {str(gold.get("id")): _publisher(readout_dir, gold) for _, gold in pairs}
    if as_json:
        data = report.to_json()
        data["failures"] = failures
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(report.format_table(errors=errors))
        if by == "publisher":
            click.echo("")
            click.echo(report.format_groups("publisher"))
        for f in failures:
            click.echo(f"error: {f}", err=True)
    below = []
    by_lang = report.by_language()
    for lang, floor in floors.items():
        counts = by_lang.get(lang) if lang != "all" else report.overall()
        score = report.core_f1(counts) if counts else None
        if score is None or score < floor:
            below.append(f"{lang} core F1 {score if score is None else round(score, 3)} "
                         f"< {floor}")
    for line in below:
        click.echo(f"below floor: {line}", err=True)
    _done(not below)


def _publisher(readout_dir: Path, gold: dict) -> str:
    """The publisher a readout's sidecar names, or `?`."""
    from kg.readout import load_sidecar

    try:
        meta = load_sidecar(readout_dir / f"{gold.get('id')}.txt")
    except ReadoutError:
        return "?"
    return str(meta.get("publisher") or "?")


@main.command(epilog=examples(
    "kg validate out/graph.trig",
    "kg export -f turtle -o all.ttl && kg validate all.ttl"))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check FILE (Turtle or TriG) against the ontology's SHACL shapes (ontology/shapes.ttl)."""
    from kg.validate import validate_file

    try:
        result = validate_file(file)
    except Exception as exc:  # a parse error is a readable failure, not a traceback
        raise EnvironmentProblem(
            f"{file}: cannot read as RDF: {str(exc).splitlines()[0] if str(exc) else exc!r}"
        ) from exc
    if result.conforms:
        click.echo(f"{file}: conforms to ontology/shapes.ttl")
        return
    click.echo(result.report)
    raise InputError(f"{file}: does not conform ({result.violations} violations)")


# ---------------------------------------------------------------------- the store

def _open_store(store_path: Path, read_only: bool = False):
    """The store, with what opening it repaired printed as notes; exit 2 when it cannot be
    opened (missing, in use, made by an older kg)."""
    from kg.store import KgStore

    try:
        kg = KgStore(store_path, read_only=read_only)
    except (OSError, RuntimeError) as exc:  # StoreError is an OSError
        raise EnvironmentProblem(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc
    for note in kg.notes:
        click.echo(f"note: {note}", err=True)
    return kg


@main.command(epilog=examples(
    "kg ingest data/readouts",
    "kg ingest corpus/ --store /data/kg-store --jobs 2",
    "KG_STORE=/data/kg-store kg ingest new-readouts/ --strict"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--jobs", "-j", default=1, show_default=True, help="Parser processes (one writer).")
@strict_option
def ingest(paths: tuple[Path, ...], store_path: Path, jobs: int, strict: bool) -> None:
    """Add the readouts under PATHS to the store; unchanged files are skipped, edited ones
    replace their graph."""
    from kg.progress import TerminalProgress
    from kg.store import StoreError

    _reference_data()
    total = len(list(iter_readout_paths(paths, on_error=lambda exc: None)))
    bar = TerminalProgress(total, "ingest") if sys.stderr.isatty() and total > 1 else None
    with _open_store(store_path) as kg:
        try:
            if bar is not None:
                with bar:
                    report = kg.ingest(paths, jobs=jobs, strict=strict, on_error=_err,
                                       progress=bar.step, on_skipped=bar.skip)
            else:
                report = kg.ingest(paths, jobs=jobs, strict=strict, on_error=_err)
        except ReadoutError as exc:
            raise InputError("stopped (--strict); readouts before it are stored") from exc
        except StoreError as exc:
            raise EnvironmentProblem(str(exc)) from exc
    click.echo(report.summary(details=False))
    click.echo(f"store             {store_path}")
    _done(report.ok)


@main.command(epilog=examples(
    "kg remove kg-en-2024-11-15-deu-rus",
    "kg remove data/readouts/kg-fr-2023-01-23-dza-ita.txt --store /data/kg-store"))
@click.argument("items", nargs=-1, required=True)
@store_option
def remove(items: tuple[str, ...], store_path: Path) -> None:
    """Drop readouts (by id or file path) and everything only they asserted."""
    from kg.store import StoreError

    with _open_store(store_path) as kg:
        try:
            removed = kg.remove(items)
        except StoreError as exc:
            raise EnvironmentProblem(str(exc)) from exc
    for rid in removed:
        click.echo(f"removed {rid}")
    missing = len(items) - len(removed)
    if missing:
        raise InputError(f"{missing} of {len(items)} not in the store {store_path}")


@main.command(epilog=examples("kg status", "kg status --store /data/kg-store"))
@store_option
def status(store_path: Path) -> None:
    """What the store holds."""
    from kg.namespaces import FOAF, KG

    with _open_store(store_path, read_only=True) as kg:
        click.echo(f"store             {store_path}")
        click.echo(f"readouts          {len(kg.readouts())}")
        for label, cls in (("events", KG.Event), ("persons", FOAF.Person),
                           ("states", KG.State), ("organisations", KG.InternationalOrganisation),
                           ("projects", KG.Project)):
            click.echo(f"{label:17} {kg.count(str(cls))}")
        click.echo(f"quads             {len(kg)}")


QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "nquads", "jsonld",
                 "rdfxml")


@main.command(epilog=examples(
    "kg query meetings-between-states -p state1=CHN -p state2=Kyrgyzstan",
    "kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event }' --format csv -o -",
    "echo 'ASK { ?s ?p ?o }' | kg query @- --timeout 10 --endpoint http://127.0.0.1:7878/query"))
@click.argument("query", required=False)
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query, bound as an RDF term.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS),
              default="table", show_default=True,
              help="table for people; csv, tsv, json, xml: the SPARQL 1.1 results formats "
                   "(SELECT, ASK); turtle, ntriples, nquads, jsonld, rdfxml: RDF (CONSTRUCT, "
                   "DESCRIBE; table gives turtle).")
@output_option
@click.option("--timeout", metavar="SECONDS",
              help="Stop the query after SECONDS [default: 60, or $KG_QUERY_TIMEOUT; "
                   "0 or none: no limit].")
@click.option("--endpoint", help="Run on a SPARQL endpoint instead of the store.")
@endpoint_auth_options
@click.option("--allow-remote", is_flag=True, help="Permit SERVICE and FROM <http…>.")
@click.option("--list", "list_", is_flag=True, help="List the shipped queries.")
def query(query: str | None, store_path: Path, params: tuple[str, ...], fmt: str,
          output: Path | None, timeout: str | None, endpoint: str | None,
          user: str | None, password: str | None, allow_remote: bool, list_: bool) -> None:
    """Run QUERY: SPARQL text, @file.rq, @- (standard input), or the name of a shipped
    query (see --list). Queries only read; SERVICE, LOAD and FROM <http…> are refused
    unless --allow-remote."""
    from kg import query as q

    if list_:
        for nq in q.named_queries().values():
            click.echo(f"{nq.name}\n    {nq.title}")
            for p in nq.params:
                click.echo(f"    --param {p.name}=…   {p.kind}{', optional' if p.optional else ''}"
                           f"{' — ' + p.doc if p.doc and p.doc != 'optional' else ''}")
        return
    if not query:
        raise click.UsageError("give a query (SPARQL, @file.rq or a name) or --list")
    try:
        values = dict(_split_param(p) for p in params)
        text, nq = q.resolve_query(query)
        binds = q.bindings(nq, values)
        limit = q.resolve_timeout("default" if timeout is None else timeout)
        if endpoint:
            auth = (user, password or "") if user else None
            result = q.run_remote(endpoint, text, binds, limit, allow_remote, auth)
        else:
            if not (store_path / "oxigraph").exists():
                raise q.QueryError(f"{store_path}: no store here (run `kg ingest` first)")
            result = q.run_local(store_path, text, binds, allow_remote, limit)
        if nq is not None:  # parameter columns are constant or empty: not worth showing
            result = result.without({p.name for p in nq.params})
        data = result.serialize(fmt)
    except q.QueryError as exc:
        raise EnvironmentProblem(str(exc)) from exc
    with binary_output(output) as fh:
        fh.write(data)


def _split_param(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
    name, value = item.split("=", 1)
    return name.strip(), value


NETWORK_CHOICES = ("states", "people", "state-org", "state-project", "full")


@main.command(epilog=examples(
    "kg export -o store.trig",
    "kg export --format jsonld --compact --graph kg-en-2024-11-15-deu-rus -o -",
    "kg export --format gexf --network states --since 2020 -o states.gexf"))
@store_option
@click.option("--format", "-f", "fmt",
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml",
                                 "graphml", "gexf"]),
              default="trig", show_default=True,
              help="An RDF format, or graphml/gexf for a projected network (Gephi).")
@click.option("--compact", is_flag=True,
              help="jsonld: compact IRIs (kgr:state/CHN) under a @context of kg's prefixes.")
@output_option
@click.option("--graph", help="Only this readout's graph (readout id or graph IRI).")
@click.option("--network", "-n", type=click.Choice(NETWORK_CHOICES),
              default="states", show_default=True, help="graphml/gexf: which projection.")
@window_options
@focus_options
def export(store_path: Path, fmt: str, compact: bool, output: Path | None, graph: str | None,
           network: str, since, until, focus, radius) -> None:
    """Write the store (or one graph) in an RDF format, streamed by Oxigraph's serialisers;
    or a projected network as GraphML/GEXF (--network, --since/--until, --focus apply
    to these)."""
    from kg.store import export as run_export

    if fmt in ("graphml", "gexf"):
        from kg.analysis import write_network

        g, _ = _project(store_path, network, since, until, focus, radius)
        if g.number_of_nodes() == 0:
            click.echo(f"note: {_window_note(since, until)}", err=True)
        with binary_output(output) as fh:
            write_network(g, fh, fmt)
        return
    if compact and fmt != "jsonld":
        raise click.UsageError("--compact is for --format jsonld")
    with _open_store(store_path, read_only=True) as kg:
        try:
            if to_stdout(output):
                run_export(kg.ox, sys.stdout.buffer, fmt, graph, compact)
                sys.stdout.buffer.flush()
            else:
                from kg.pipeline import atomic_write_all

                atomic_write_all({output: lambda p: run_export(kg.ox, str(p), fmt, graph,
                                                                compact)})
        except KeyError as exc:
            raise InputError(str(exc.args[0])) from exc
        except BrokenPipeError:
            raise  # click ends quietly when a reader (`| head`) stops reading
        except OSError as exc:
            raise EnvironmentProblem(f"{output}: cannot write: {exc.strerror or exc}") from exc


@main.command(epilog=examples(
    "kg push --endpoint http://127.0.0.1:7878/store",
    "kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --prune",
    "KG_ENDPOINT_PASSWORD=… kg push --endpoint https://host/store --user me --force"))
@store_option
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso, with --user).")
@click.option("--force", is_flag=True, help="Send every graph, even unchanged ones.")
@click.option("--prune", is_flag=True, help="Delete remote graphs of readouts removed here.")
@endpoint_auth_options
def push(store_path: Path, endpoint: str, force: bool, prune: bool, user: str | None,
         password: str | None) -> None:
    """Send each readout's named graph to a SPARQL server (one PUT per graph, idempotent)."""
    from kg.store import StoreError
    from kg.store import push as run_push

    auth = (user, password or "") if user else None
    with _open_store(store_path) as kg:
        try:
            report = run_push(kg, endpoint, force=force, prune=prune, auth=auth)
        except (ValueError, StoreError) as exc:  # not an http(s) URL, credentials twice
            raise EnvironmentProblem(str(exc)) from exc
    click.echo(report.summary())
    _done(not report.failures)


# ------------------------------------------------------------------ analysis

def _projection_options(fn):
    """Options shared by every projected analysis: which network, which window, which focus."""
    from kg.analysis import NETWORKS

    return compose(
        store_option,
        click.option("--network", "-n", type=click.Choice(NETWORKS), default="states",
                     show_default=True, help="Which projection of the graph."),
        window_options,
        focus_options,
    )(fn)


_output_options = compose(
    click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
                 default="table", show_default=True),
    output_option,
)


def _emit(df, fmt: str, output: Path | None, empty_note: str | None = None) -> None:
    from kg.analysis import format_frame

    if df.empty and empty_note:
        click.echo(f"note: {empty_note}", err=True)
    write_text(output, format_frame(df, fmt))


def _window_note(since: str | None, until: str | None) -> str:
    if since or until:
        return f"no events between {since or 'the start'} and {until or 'the end'}"
    return "no events in the store"


def _window(since: str | None, until: str | None):
    """The analysis Window for --since/--until; a bad date is a usage error."""
    from kg.analysis import AnalysisError, parse_window

    try:
        return parse_window(since, until)
    except AnalysisError as exc:
        raise EnvironmentProblem(str(exc)) from exc


def _project(store_path: Path, network: str, since, until, focus, radius):
    """Open the store and project; clear errors for a bad window or an unknown focus."""
    from kg.analysis import AnalysisError, project

    window = _window(since, until)
    with _open_store(store_path, read_only=True) as kg:
        try:
            return project(kg, network, window, focus=focus, radius=radius), window
        except AnalysisError as exc:
            raise EnvironmentProblem(str(exc)) from exc


@main.group(epilog=examples(
    "kg analyse centrality --top 10",
    "kg analyse communities --network people --since 2020 --format csv -o communities.csv",
    "kg analyse timeline --pair CHN,KGZ --period month"))
def analyse() -> None:
    """Measure the network of relations (networkx over SPARQL projections of the store)."""


@analyse.command(epilog=examples(
    "kg analyse centrality --top 10",
    "kg analyse centrality --network people --focus 'Wang Yi' --radius 2",
    "kg analyse centrality --since 2022 --format csv -o - --plot plots/"))
@_projection_options
@_output_options
@click.option("--top", type=int, help="Only the first N rows.")
@click.option("--k", "k", type=int,
              help="Sample K nodes for betweenness (default: exact up to 500 nodes, else 300).")
@click.option("--plot", "plot_dir", type=click.Path(path_type=Path),
              help="Also write DIR/centrality-NETWORK.png (top nodes by PageRank).")
def centrality(store_path, network, since, until, focus, radius, fmt, output, top, k,
               plot_dir) -> None:
    """Degree, strength, betweenness, PageRank and eigenvector centrality of every node."""
    from kg import analysis

    g, _ = _project(store_path, network, since, until, focus, radius)
    df = analysis.centrality(g, k=k)
    if plot_dir:
        from kg.plots import top_centrality

        path = top_centrality(df, plot_dir / f"centrality-{network}.png",
                              title=f"Most central ({network}, PageRank)")
        click.echo(f"wrote {path}", err=True)
    _emit(df.head(top) if top else df, fmt, output, _window_note(since, until))


@analyse.command(epilog=examples(
    "kg analyse communities",
    "kg analyse communities --network people --resolution 1.5 --seed 7",
    "kg analyse communities --format json -o - --plot plots/"))
@_projection_options
@_output_options
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Louvain resolution: above 1 gives more, smaller communities.")
@click.option("--seed", type=int, default=42, show_default=True, help="Louvain seed.")
@click.option("--plot", "plot_dir", type=click.Path(path_type=Path),
              help="Also write DIR/communities-NETWORK.png (the community map).")
def communities(store_path, network, since, until, focus, radius, fmt, output, resolution,
                seed, plot_dir) -> None:
    """Louvain communities (seeded, so that results repeat), largest first."""
    from kg import analysis

    g, _ = _project(store_path, network, since, until, focus, radius)
    df = analysis.communities(g, seed=seed, resolution=resolution)
    if plot_dir:
        from kg.plots import community_map

        path = community_map(g, df, plot_dir / f"communities-{network}.png", seed=seed)
        click.echo(f"wrote {path}", err=True)
    _emit(df, fmt, output, _window_note(since, until))


@analyse.command(epilog=examples(
    "kg analyse edges --top 20",
    "kg analyse edges --network state-org --format csv -o links.csv",
    "kg analyse edges --focus CHN --since 2024-01"))
@_projection_options
@_output_options
@click.option("--top", type=int, help="Only the first N rows.")
def edges(store_path, network, since, until, focus, radius, fmt, output, top) -> None:
    """The links of a network, heaviest first, with first/last dates and event types."""
    from kg import analysis

    g, _ = _project(store_path, network, since, until, focus, radius)
    df = analysis.edges_table(g)
    _emit(df.head(top) if top else df, fmt, output, _window_note(since, until))


def _pair(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip().upper() for p in value.replace("-", ",").split(",") if p.strip()]
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
        raise click.BadParameter(f"{value!r}: expected two ISO codes, e.g. CHN,KGZ",
                                 param_hint="--pair")
    return parts[0], parts[1]


@analyse.command(epilog=examples(
    "kg analyse timeline",
    "kg analyse timeline --pair CHN,KGZ --period month --plot plots/",
    "kg analyse timeline --since 2020 --until 2024 --format csv -o timeline.csv"))
@store_option
@_output_options
@click.option("--pair", help="Only this pair of states, as ISO codes: CHN,KGZ.")
@click.option("--period", type=click.Choice(["year", "month"]), default="year",
              show_default=True)
@window_options
@click.option("--plot", "plot_dir", type=click.Path(path_type=Path),
              help="Also write DIR/timeline[-A-B].png.")
def timeline(store_path, fmt, output, pair, period, since, until, plot_dir) -> None:
    """Events per pair of states per year or month."""
    from kg import analysis

    pair_codes = _pair(pair)
    window = _window(since, until)
    with _open_store(store_path, read_only=True) as kg:
        df = analysis.timeline(kg, period, window, pair=pair_codes)
    if plot_dir:
        from kg.plots import pair_timeline

        name = f"timeline-{'-'.join(sorted(pair_codes))}" if pair_codes else "timeline"
        path = pair_timeline(df, plot_dir / f"{name}.png", period,
                             title=f"Events per {period}" + (f": {pair}" if pair else ""))
        click.echo(f"wrote {path}", err=True)
    note = f"no dated events for {pair}" if pair else _window_note(since, until)
    _emit(df, fmt, output, note)


@analyse.command(name="new-pairs", epilog=examples(
    "kg analyse new-pairs",
    "kg analyse new-pairs --period month --since 2024-01 --format csv -o -"))
@store_option
@_output_options
@click.option("--period", type=click.Choice(["year", "month"]), default="year",
              show_default=True)
@click.option("--since", help="Only pairs first seen on or after this period.")
@click.option("--until", help="Only pairs first seen on or before this period.")
def new_pairs(store_path, fmt, output, period, since, until) -> None:
    """Pairs of states whose first event falls in each period."""
    from kg import analysis

    window = _window(since, until)
    with _open_store(store_path, read_only=True) as kg:
        df = analysis.new_pairs(kg, period, window)
    _emit(df, fmt, output, "no pair of states first engaged in this window")


@analyse.command(name="quiet-pairs", epilog=examples(
    "kg analyse quiet-pairs --since 2023",
    "kg analyse quiet-pairs --since 2022-06 --min-events 3 --format json -o quiet.json"))
@store_option
@_output_options
@click.option("--since", required=True, help="Quiet from this date on (YYYY[-MM[-DD]]).")
@click.option("--min-events", type=int, default=2, show_default=True,
              help="Events before --since for a pair to count as active.")
def quiet_pairs(store_path, fmt, output, since, min_events) -> None:
    """Pairs of states active before --since and silent from then on."""
    from kg import analysis

    _window(since, None)  # a clear error for a bad date
    with _open_store(store_path, read_only=True) as kg:
        df = analysis.quiet_pairs(kg, since, min_events)
    _emit(df, fmt, output, f"no pair with {min_events}+ events before {since} went quiet")


@main.command(epilog=examples(
    "kg view -o states.html",
    "kg view --view people --focus 'Wang Yi' --radius 2 -o wang-yi.html",
    "kg view --view full --since 2020 --max-nodes 2000 -o full.html"))
@store_option
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, allow_dash=True),
              help="The HTML file to write ('-' for standard output).")
@click.option("--view", type=click.Choice(["states", "people", "full"]), default="states",
              show_default=True, help="States, officials, or every kind of node.")
@focus_options
@window_options
@click.option("--max-nodes", type=click.IntRange(1), default=500, show_default=True,
              help="Draw the N most central nodes (PageRank).")
@click.option("--title", help="Page title.")
def view(store_path, output, view, focus, radius, since, until, max_nodes, title) -> None:
    """Write an interactive HTML view that works offline (one file, no network requests)."""
    from kg.analysis import AnalysisError
    from kg.view import build_view, render_html, write_view

    window = _window(since, until)
    with _open_store(store_path, read_only=True) as kg:
        try:
            v = build_view(kg, view, window, focus=focus, radius=radius,
                           max_nodes=max_nodes, title=title)
        except AnalysisError as exc:
            raise EnvironmentProblem(str(exc)) from exc
    if to_stdout(output):
        click.echo(render_html(v), nl=False)
        where = "standard output"
    else:
        try:
            write_view(v, output)
        except OSError as exc:
            raise EnvironmentProblem(f"{output}: cannot write: {exc.strerror or exc}") from exc
        where = str(output)
    for note in v.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {where}: {v.shown_nodes} of {v.total_nodes} nodes, "
               f"{v.graph.number_of_edges()} links", err=to_stdout(output))
    if v.error:
        raise InputError(v.error)


# Keep last: `python -m kg.cli` runs main() here, and a command defined below this line would be
# missing from it (tests/test_packaging.py checks every command is reachable).
if __name__ == "__main__":
    main()
