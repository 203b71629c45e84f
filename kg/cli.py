"""The `kg` command line: a thin layer over the library (kg.pipeline, kg.evaluate, kg.validate)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg import __version__
from kg.readout import ReadoutError, iter_readout_paths


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
def build(paths: tuple[Path, ...], out_dir: Path, strict: bool) -> None:
    """Parse every readout under PATHS and write OUT/graph.ttl and OUT/graph.trig."""
    from kg.pipeline import build as run_build

    try:
        report = run_build(paths, out_dir, strict=strict, on_error=_err)
    except ReadoutError:
        click.echo("stopped (--strict)", err=True)
        sys.exit(1)
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
    from kg.pipeline import extract_file, readout_graph
    from kg.rdf import readout_iri

    failures = 0
    try:
        files = list(iter_readout_paths(paths))
    except ReadoutError as exc:
        _err(exc)
        sys.exit(1)
    printed: list[dict] = []
    for path in files:
        try:
            x = extract_file(path, lang=lang)
        except ReadoutError as exc:
            _err(exc)
            failures += 1
            if strict:
                sys.exit(1)
            continue
        _, g = readout_graph(x)
        if fmt == "turtle":
            text = g.serialize(format="turtle")
        else:
            text = json.dumps(graph_to_json(g, readout_iri(x.readout.id)), ensure_ascii=False,
                              indent=1)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            suffix = ".ttl" if fmt == "turtle" else ".json"
            (out_dir / (Path(path).stem + suffix)).write_text(text + "\n", encoding="utf-8")
        elif fmt == "turtle":
            click.echo(text)
        else:
            printed.append(json.loads(text))
    if out_dir is None and fmt == "json":
        payload = printed[0] if len(printed) == 1 and len(files) == 1 else printed
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    if out_dir is not None:
        click.echo(f"wrote {len(files) - failures} file(s) to {out_dir}", err=True)
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
