"""The `kg` command line: a thin layer over the library (kg.pipeline, kg.evaluate, kg.validate)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg import __version__
from kg.readout import ReadoutError, internal_error, iter_readout_paths


def _err(exc: ReadoutError) -> None:
    click.echo(f"error: {exc}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn diplomatic readouts into a knowledge graph of bilateral relations."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl and graph.trig.")
@click.option("--strict", is_flag=True, help="Stop at the first readout that fails.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Parser processes.")
def build(paths: tuple[Path, ...], out_dir: Path, strict: bool, jobs: int) -> None:
    """Parse every readout under PATHS into a fresh store; write OUT/graph.ttl, OUT/graph.trig."""
    from kg.pipeline import build as run_build

    try:
        report = run_build(paths, out_dir, strict=strict, on_error=_err, jobs=jobs)
    except ReadoutError:
        click.echo("stopped (--strict)", err=True)
        sys.exit(1)
    except OSError as exc:  # kg.store.StoreError: disk full, no permission
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Write DIR/X.json (or X.ttl) per readout instead of printing.")
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json",
              show_default=True)
@click.option("--lang", help="Language of the readouts, overriding sidecar and detection.")
@click.option("--strict", is_flag=True, help="Stop at the first readout that fails.")
def extract(paths: tuple[Path, ...], out_dir: Path | None, fmt: str, lang: str | None,
            strict: bool) -> None:
    """Extract each readout: the gold-shape JSON (read back from its graph) or its Turtle."""
    from kg.jsonview import graph_to_json
    from kg.pipeline import extract_file, output_names, readout_graph
    from kg.rdf import readout_iri

    listing: list[ReadoutError] = []
    files = list(iter_readout_paths(paths, on_error=listing.append))
    for exc in listing:
        _err(exc)
    failures = len(listing)
    if strict and failures:
        sys.exit(1)
    printed: list[dict] = []
    suffix = ".ttl" if fmt == "turtle" else ".json"
    names = output_names(paths, files, suffix) if out_dir is not None else {}
    written = 0
    for path in files:
        if isinstance(names.get(path), ReadoutError):  # would overwrite another's output
            _err(names[path])
            failures += 1
            if strict:
                sys.exit(1)
            continue
        try:
            x = extract_file(path, lang=lang)
            _, g = readout_graph(x)
            if fmt == "turtle":
                text = g.serialize(format="turtle")
            else:
                text = json.dumps(graph_to_json(g, readout_iri(x.readout.id)),
                                  ensure_ascii=False, indent=1)
        except Exception as exc:  # one bad readout must not stop the batch (as in ingest)
            _err(exc if isinstance(exc, ReadoutError) else internal_error(path, exc))
            failures += 1
            if strict:
                sys.exit(1)
            continue
        if out_dir is not None:
            dest = out_dir / names[path]
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text + "\n", encoding="utf-8")
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
    sys.exit(1 if failures else 0)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("readout_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable scores.")
@click.option("--errors", is_flag=True, help="List what was missed (-) or invented (+).")
@click.option("--lang", "langs", multiple=True, help="Only readouts in these languages.")
@click.option("--min-core-f1", multiple=True, metavar="LANG=F1",
              help="Exit 1 when a language's core F1 is below a floor, e.g. en=0.85.")
def evaluate(gold_dir: Path, readout_dir: Path, as_json: bool, errors: bool,
             langs: tuple[str, ...], min_core_f1: tuple[str, ...]) -> None:
    """Score extraction of READOUT_DIR against the gold files in GOLD_DIR (SCHEMA.md rules)."""
    from kg.evaluate import Report, score_corpus
    from kg.pipeline import extract_json

    pairs = []
    failures = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
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
    if as_json:
        data = report.to_json()
        data["failures"] = failures
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(report.format_table(errors=errors))
        for f in failures:
            click.echo(f"error: {f}", err=True)
    floors = dict(item.split("=", 1) for item in min_core_f1)
    below = []
    by_lang = report.by_language()
    for lang, floor in floors.items():
        counts = by_lang.get(lang) if lang != "all" else report.overall()
        score = report.core_f1(counts) if counts else None
        if score is None or score < float(floor):
            below.append(f"{lang} core F1 {score if score is None else round(score, 3)} "
                         f"< {floor}")
    for line in below:
        click.echo(f"below floor: {line}", err=True)
    sys.exit(1 if below else 0)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check FILE (Turtle or TriG) against ontology/shapes.ttl with SHACL."""
    from kg.validate import validate_file

    try:
        result = validate_file(file)
    except Exception as exc:  # a parse error is a readable failure, not a traceback
        click.echo(f"error: {file}: cannot read as RDF: {exc}", err=True)
        sys.exit(2)
    if result.conforms:
        click.echo(f"{file}: conforms to ontology/shapes.ttl")
        return
    click.echo(result.report)
    click.echo(f"{file}: does not conform ({result.violations} violations)", err=True)
    sys.exit(1)


# ---------------------------------------------------------------------- the store

STORE_OPTION = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE",
    default="kg-store", show_default=True, help="Store folder (or $KG_STORE).")


def _notes(kg) -> None:
    """What opening the store repaired (a manifest rebuilt, an older store upgraded)."""
    for note in kg.notes:
        click.echo(f"note: {note}", err=True)


def _progress(total: int, label: str):
    """A progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not sys.stderr.isatty() or total < 2:
        return None, (lambda n: None)
    bar = click.progressbar(length=total, label=label, file=sys.stderr)
    return bar, bar.update


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--jobs", "-j", default=1, show_default=True, help="Parser processes (one writer).")
@click.option("--strict", is_flag=True, help="Stop at the first readout that fails.")
def ingest(paths: tuple[Path, ...], store_path: Path, jobs: int, strict: bool) -> None:
    """Add the readouts under PATHS to the store; unchanged files are skipped, edited ones
    replace their graph."""
    from kg.store import KgStore, StoreError

    files = len(list(iter_readout_paths(paths, on_error=lambda exc: None)))
    bar, update = _progress(files, "ingest")
    try:
        with KgStore(store_path) as kg:
            _notes(kg)
            try:
                if bar is not None:
                    with bar:
                        report = kg.ingest(paths, jobs=jobs, strict=strict, on_error=_err,
                                           progress=update)
                else:
                    report = kg.ingest(paths, jobs=jobs, strict=strict, on_error=_err)
            except ReadoutError:
                click.echo("stopped (--strict); readouts before it are stored", err=True)
                sys.exit(1)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(report.summary())
    click.echo(f"store             {store_path}")
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("items", nargs=-1, required=True)
@STORE_OPTION
def remove(items: tuple[str, ...], store_path: Path) -> None:
    """Drop readouts (by id or file path) and everything only they asserted."""
    from kg.store import KgStore, StoreError

    try:
        with KgStore(store_path) as kg:
            _notes(kg)
            removed = kg.remove(items)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for rid in removed:
        click.echo(f"removed {rid}")
    missing = len(items) - len(removed)
    if missing:
        click.echo(f"{missing} not in the store", err=True)
    sys.exit(0 if removed and not missing else 1)


@main.command()
@STORE_OPTION
def status(store_path: Path) -> None:
    """What the store holds."""
    from kg.namespaces import FOAF, KG
    from kg.store import KgStore

    try:
        kg = KgStore(store_path, read_only=True)
    except (FileNotFoundError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    with kg:
        click.echo(f"store             {store_path}")
        click.echo(f"readouts          {len(kg.readouts())}")
        _notes(kg)
        for label, cls in (("events", KG.Event), ("persons", FOAF.Person),
                           ("states", KG.State), ("organisations", KG.InternationalOrganisation),
                           ("projects", KG.Project)):
            click.echo(f"{label:17} {kg.count(str(cls))}")
        click.echo(f"quads             {len(kg)}")


@main.command()
@click.argument("query", required=False)
@STORE_OPTION
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query, bound as an RDF term.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle",
                                                   "ntriples", "nquads", "jsonld", "rdfxml"]),
              default="table", show_default=True,
              help="table for people; csv, tsv, json, xml: the SPARQL 1.1 results formats "
                   "(SELECT, ASK); turtle, ntriples, nquads, jsonld, rdfxml: RDF (CONSTRUCT, "
                   "DESCRIBE; table gives turtle).")
@click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True),
              help="Write to FILE (- : standard output).")
@click.option("--timeout", metavar="SECONDS",
              help="Stop the query after SECONDS [default: 60, or $KG_QUERY_TIMEOUT; "
                   "0 or none: no limit].")
@click.option("--endpoint", help="Run on a SPARQL endpoint instead of the store.")
@click.option("--user", help="User name for the endpoint.")
@click.option("--password", envvar="KG_ENDPOINT_PASSWORD", help="Password ($KG_ENDPOINT_PASSWORD).")
@click.option("--allow-remote", is_flag=True, help="Permit SERVICE and FROM <http…>.")
@click.option("--list", "list_", is_flag=True, help="List the shipped queries.")
def query(query: str | None, store_path: Path, params: tuple[str, ...], fmt: str,
          output: Path | None, timeout: str | None, endpoint: str | None,
          user: str | None, password: str | None, allow_remote: bool, list_: bool) -> None:
    """Run QUERY: SPARQL text, @file.rq, @- (standard input), or the name of a shipped
    query (see --list)."""
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
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if output is None or str(output) == "-":
        click.echo(data, nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        click.echo(f"error: {output}: cannot write: {exc.strerror}", err=True)
        sys.exit(2)


def _split_param(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
    name, value = item.split("=", 1)
    return name.strip(), value


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples",
                                                   "jsonld", "rdfxml", "graphml", "gexf"]),
              default="trig", show_default=True,
              help="An RDF format, or graphml/gexf for a projected network (Gephi).")
@click.option("--compact", is_flag=True,
              help="jsonld: compact IRIs (kgr:state/CHN) under a @context of kg's prefixes.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to FILE.")
@click.option("--graph", help="Only this readout's graph (readout id or graph IRI).")
@click.option("--network", "-n", type=click.Choice(["states", "people", "state-org",
                                                    "state-project", "full"]),
              default="states", show_default=True, help="graphml/gexf: which projection.")
@click.option("--since", help="graphml/gexf: only events on or after this date.")
@click.option("--until", help="graphml/gexf: only events on or before this date.")
@click.option("--focus", help="graphml/gexf: ego network around this state or person.")
@click.option("--radius", type=click.IntRange(1, 2), default=1, show_default=True)
def export(store_path: Path, fmt: str, compact: bool, output: Path | None, graph: str | None,
           network: str, since, until, focus, radius) -> None:
    """Write the store (or one graph) in an RDF format, streamed by Oxigraph's serialisers;
    or a projected network as GraphML/GEXF."""
    from kg.store import export as run_export

    if fmt in ("graphml", "gexf"):
        from kg.analysis import write_network

        g, _ = _project(store_path, network, since, until, focus, radius)
        if g.number_of_nodes() == 0:
            click.echo(f"note: {_window_note(since, until)}", err=True)
        if output:
            write_network(g, str(output), fmt)
        else:
            write_network(g, sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
        return
    if compact and fmt != "jsonld":
        raise click.UsageError("--compact is for --format jsonld")
    kg = _open_read_only(store_path)
    with kg:
        _notes(kg)
        try:
            if output:
                from kg.pipeline import atomic_write_all

                atomic_write_all({output: lambda p: run_export(kg.ox, str(p), fmt, graph,
                                                                compact)})
            else:
                run_export(kg.ox, sys.stdout.buffer, fmt, graph, compact)
                sys.stdout.buffer.flush()
        except KeyError as exc:
            click.echo(f"error: {exc.args[0]}", err=True)
            sys.exit(1)


@main.command()
@STORE_OPTION
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso, with --user).")
@click.option("--force", is_flag=True, help="Send every graph, even unchanged ones.")
@click.option("--prune", is_flag=True, help="Delete remote graphs of readouts removed here.")
@click.option("--user", help="User name for the endpoint.")
@click.option("--password", envvar="KG_ENDPOINT_PASSWORD", help="Password ($KG_ENDPOINT_PASSWORD).")
def push(store_path: Path, endpoint: str, force: bool, prune: bool, user: str | None,
         password: str | None) -> None:
    """Send each readout's named graph to a SPARQL server (one PUT per graph, idempotent)."""
    from kg.store import KgStore
    from kg.store import push as run_push

    auth = (user, password or "") if user else None
    with KgStore(store_path) as kg:
        try:
            report = run_push(kg, endpoint, force=force, prune=prune, auth=auth)
        except ValueError as exc:  # not an http(s) URL, or credentials given twice
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    click.echo(report.summary())
    sys.exit(0 if not report.failures else 1)


# ------------------------------------------------------------------ analysis

def _open_read_only(store_path: Path):
    """The store for reading, or a one-line error and exit 1."""
    from kg.store import KgStore

    try:
        return KgStore(store_path, read_only=True)
    except (FileNotFoundError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def _projection_options(fn):
    """Options shared by every analysis: which network, which window, which focus."""
    from kg.analysis import NETWORKS

    for option in reversed([
        STORE_OPTION,
        click.option("--network", "-n", type=click.Choice(NETWORKS), default="states",
                     show_default=True, help="Which projection of the graph."),
        click.option("--since", help="Only events on or after this date (YYYY[-MM[-DD]])."),
        click.option("--until", help="Only events on or before this date."),
        click.option("--focus", help="Ego network around this state or person (name, code)."),
        click.option("--radius", type=click.IntRange(1, 2), default=1, show_default=True,
                     help="Hops around --focus."),
    ]):
        fn = option(fn)
    return fn


def _output_options(fn):
    for option in reversed([
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
                     default="table", show_default=True),
        click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to FILE."),
    ]):
        fn = option(fn)
    return fn


def _emit(df, fmt: str, output: Path | None, empty_note: str | None = None) -> None:
    from kg.analysis import format_frame

    if df.empty and empty_note:
        click.echo(f"note: {empty_note}", err=True)
    text = format_frame(df, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _window_note(since: str | None, until: str | None) -> str:
    if since or until:
        return f"no events between {since or 'the start'} and {until or 'the end'}"
    return "no events in the store"


def _window(since: str | None, until: str | None):
    """The analysis Window for --since/--until, or a one-line error and exit 1."""
    from kg.analysis import AnalysisError, parse_window

    try:
        return parse_window(since, until)
    except AnalysisError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def _project(store_path: Path, network: str, since, until, focus, radius):
    """Open the store and project; clear errors for a bad window or an unknown focus."""
    from kg.analysis import AnalysisError, project

    window = _window(since, until)
    try:
        with _open_read_only(store_path) as kg:
            return project(kg, network, window, focus=focus, radius=radius), window
    except AnalysisError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@main.group()
def analyse() -> None:
    """Measure the network of relations (networkx over SPARQL projections of the store)."""


@analyse.command()
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


@analyse.command()
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


@analyse.command()
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


@analyse.command()
@STORE_OPTION
@_output_options
@click.option("--pair", help="Only this pair of states, as ISO codes: CHN,KGZ.")
@click.option("--period", type=click.Choice(["year", "month"]), default="year",
              show_default=True)
@click.option("--since", help="Only events on or after this date.")
@click.option("--until", help="Only events on or before this date.")
@click.option("--plot", "plot_dir", type=click.Path(path_type=Path),
              help="Also write DIR/timeline[-A-B].png.")
def timeline(store_path, fmt, output, pair, period, since, until, plot_dir) -> None:
    """Events per pair of states per year or month."""
    from kg import analysis

    pair_codes = _pair(pair)
    window = _window(since, until)
    with _open_read_only(store_path) as kg:
        df = analysis.timeline(kg, period, window, pair=pair_codes)
    if plot_dir:
        from kg.plots import pair_timeline

        name = f"timeline-{'-'.join(sorted(pair_codes))}" if pair_codes else "timeline"
        path = pair_timeline(df, plot_dir / f"{name}.png", period,
                             title=f"Events per {period}" + (f": {pair}" if pair else ""))
        click.echo(f"wrote {path}", err=True)
    note = f"no dated events for {pair}" if pair else _window_note(since, until)
    _emit(df, fmt, output, note)


@analyse.command(name="new-pairs")
@STORE_OPTION
@_output_options
@click.option("--period", type=click.Choice(["year", "month"]), default="year",
              show_default=True)
@click.option("--since", help="Only pairs first seen on or after this period.")
@click.option("--until", help="Only pairs first seen on or before this period.")
def new_pairs(store_path, fmt, output, period, since, until) -> None:
    """Pairs of states whose first event falls in each period."""
    from kg import analysis

    window = _window(since, until)
    with _open_read_only(store_path) as kg:
        df = analysis.new_pairs(kg, period, window)
    _emit(df, fmt, output, "no pair of states first engaged in this window")


@analyse.command(name="quiet-pairs")
@STORE_OPTION
@_output_options
@click.option("--since", required=True, help="Quiet from this date on (YYYY[-MM[-DD]]).")
@click.option("--min-events", type=int, default=2, show_default=True,
              help="Events before --since for a pair to count as active.")
def quiet_pairs(store_path, fmt, output, since, min_events) -> None:
    """Pairs of states active before --since and silent from then on."""
    from kg import analysis

    _window(since, None)  # a clear error for a bad date
    with _open_read_only(store_path) as kg:
        df = analysis.quiet_pairs(kg, since, min_events)
    _emit(df, fmt, output, f"no pair with {min_events}+ events before {since} went quiet")


@main.command()
@STORE_OPTION
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path),
              help="The HTML file to write.")
@click.option("--view", type=click.Choice(["states", "people", "full"]), default="states",
              show_default=True, help="States, officials, or every kind of node.")
@click.option("--focus", help="Only the neighbourhood of this state or person.")
@click.option("--radius", type=click.IntRange(1, 2), default=1, show_default=True,
              help="Hops around --focus.")
@click.option("--since", help="Only events on or after this date (YYYY[-MM[-DD]]).")
@click.option("--until", help="Only events on or before this date.")
@click.option("--max-nodes", type=click.IntRange(1), default=500, show_default=True,
              help="Draw the N most central nodes (PageRank).")
@click.option("--title", help="Page title.")
def view(store_path, output, view, focus, radius, since, until, max_nodes, title) -> None:
    """Write an interactive HTML view that works offline (one file, no network requests)."""
    from kg.analysis import AnalysisError, parse_window
    from kg.view import build_view, write_view

    try:
        window = parse_window(since, until)
        with _open_read_only(store_path) as kg:
            v = build_view(kg, view, window, focus=focus, radius=radius,
                           max_nodes=max_nodes, title=title)
    except AnalysisError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    write_view(v, output)
    for note in v.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output}: {v.shown_nodes} of {v.total_nodes} nodes, "
               f"{v.graph.number_of_edges()} links")
    if v.error:
        click.echo(f"error: {v.error}", err=True)
        sys.exit(1)


# Keep last: `python -m kg.cli` runs main() here, and a command defined below this line would be
# missing from it (tests/test_packaging.py checks every command is reachable).
if __name__ == "__main__":
    main()
