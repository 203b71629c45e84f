"""Store benchmarks: ingest, re-ingest, query latency and export, with baselines in the same run.

    python benchmarks/store.py --sizes 1000 10000 [--jobs 2] [--rdflib-max 10000]

For each size it writes synthetic readouts (benchmarks/synth.py), then measures:

- ingest into a fresh store with `--jobs` parser processes: readouts/s, the
  parse and store shares, peak memory (this process and its workers), store
  size on disk; then re-ingest of the unchanged folder;
- every shipped query (median of 5 runs) through kg's query layer, the same
  SPARQL run directly on pyoxigraph (kg's overhead), and on rdflib's
  in-memory Dataset loaded with the same quads (up to --rdflib-max readouts:
  beyond that rdflib needs more memory than this machine has), as ratios;
- export to Turtle and N-Quads through Oxigraph's serialisers, against
  rdflib's serialisers on the same data.

Targets (issue 3): 100k readouts in < 5 min on 2 cores, peak < 2 GB; unchanged
re-ingest of 100k < 30 s; every query >= 100x faster than rdflib, median
< 100 ms, within 1.5x of plain pyoxigraph; Turtle export >= 50x rdflib.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from kg.query import bind_values, bindings, query_store, resolve_query  # noqa: E402
from kg.store import KgStore, export  # noqa: E402


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _params(store: ox.Store) -> dict[str, dict[str, str]]:
    """Parameters drawn from the data: the busiest pair of states, the busiest person,
    the most named organisation."""
    pair = next(iter(store.query(
        "PREFIX kg: <https://w3id.org/kg-diplo/ontology#> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT ?a ?b (COUNT(*) AS ?n) WHERE { ?e prov:qualifiedAssociation ?x, ?y . "
        "?x kg:represents ?sa . ?y kg:represents ?sb . ?sa kg:iso3166Alpha3 ?a . "
        "?sb kg:iso3166Alpha3 ?b . FILTER(STR(?a) < STR(?b)) } "
        "GROUP BY ?a ?b ORDER BY DESC(?n) LIMIT 1", use_default_graph_as_union=True)))
    person = next(iter(store.query(
        "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> "
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?e sem:hasActor ?p } GROUP BY ?p "
        "ORDER BY DESC(?n) LIMIT 1", use_default_graph_as_union=True)))["p"].value
    other = next(iter(store.query(
        "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> "
        f"SELECT ?q WHERE {{ ?e sem:hasActor <{person}>, ?q FILTER(?q != <{person}>) }} "
        "LIMIT 1", use_default_graph_as_union=True)))["q"].value
    topic = next(iter(store.query(
        "PREFIX kg: <https://w3id.org/kg-diplo/ontology#> "
        "PREFIX schema: <https://schema.org/> "
        "SELECT ?o (COUNT(*) AS ?n) WHERE { ?r schema:mentions ?o . "
        "?o a kg:InternationalOrganisation } GROUP BY ?o ORDER BY DESC(?n) LIMIT 1",
        use_default_graph_as_union=True)))["o"].value
    a, b = pair["a"].value, pair["b"].value
    return {
        "meetings-between-states": {"state1": a, "state2": b},
        "official-engagements": {"person": person},
        "states-on-topic": {"topic": topic},
        "active-pairs": {},
        "co-participants": {"person": person},
        "event-sources": {"person1": person, "person2": other},
    }


def _median_time(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _with_limit(fn, seconds: float):
    """Time fn once in a forked child; kill it after `seconds` (returns None then).

    rdflib queries cannot be interrupted in-process, and a thread left running
    would steal the CPU from every later measurement.
    """
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def run() -> None:
        child.send(_median_time(fn, 1))

    proc = ctx.Process(target=run)
    proc.start()
    child.close()  # so that a child that dies without answering is seen at once (EOF)
    ready = parent.poll(seconds)
    try:
        result = parent.recv() if ready else None
    except EOFError:
        result = "error"  # rdflib raised (e.g. GROUP_CONCAT over unbound values)
    if proc.is_alive():
        proc.kill()
    proc.join()
    return result


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def bench(size: int, jobs: int, rdflib_max: int, limit: float, work: Path,
          export_limit: float | None = None) -> dict:
    res: dict = {"readouts": size}
    _say(f"{size}: generating")
    src = work / f"readouts-{size}"
    generate(src, size)
    store_dir = work / f"store-{size}"
    _say(f"{size}: ingest")
    t0 = time.perf_counter()
    with KgStore(store_dir) as kg:
        report = kg.ingest([src], jobs=jobs)
        quads = len(kg)
    res["ingest_s"] = time.perf_counter() - t0
    res["ingest_rate"] = size / res["ingest_s"]
    res["store_share"] = report.store_seconds / res["ingest_s"]
    res["failures"] = len(report.failures)
    res["quads"] = quads
    res["peak_mb"] = _peak_mb()
    res["disk_mb"] = _dir_size(store_dir) / 2**20
    _say(f"{size}: ingested in {res['ingest_s']:.0f} s ({res['ingest_rate']:.0f}/s, store "
         f"{100 * res['store_share']:.0f} %), peak {res['peak_mb']:.0f} MB, "
         f"{res['disk_mb']:.0f} MB on disk, {quads} quads")
    t0 = time.perf_counter()
    with KgStore(store_dir) as kg:
        again = kg.ingest([src], jobs=jobs)
    res["reingest_s"] = time.perf_counter() - t0
    res["reingest_unchanged"] = again.unchanged

    store = ox.Store.read_only(str(store_dir / "oxigraph"))
    _say(f"{size}: parameters")
    params = _params(store)
    rd = None
    if size <= rdflib_max:
        from rdflib import Dataset

        buf = io.BytesIO()
        export(store, buf, "nquads")
        rd = Dataset(default_union=True)
        _say(f"{size}: loading rdflib")
        t0 = time.perf_counter()
        rd.parse(data=buf.getvalue(), format="nquads")
        res["rdflib_load_s"] = time.perf_counter() - t0
    res["queries"] = {}
    for name, values in params.items():
        _say(f"{size}: query {name}")
        text, nq = resolve_query(name)
        binds = bindings(nq, values)
        bound = bind_values(text, binds)  # the same SPARQL for every engine
        kg_t = _median_time(lambda text=text, binds=binds, st=store: query_store(st, text, binds))
        ox_t = _median_time(lambda bound=bound, st=store: list(st.query(
            bound, use_default_graph_as_union=True)))
        row = {"kg_ms": kg_t * 1000, "pyoxigraph_ms": ox_t * 1000,
               "overhead": kg_t / ox_t if ox_t else None}
        if rd is not None:
            rd_t = _with_limit(lambda bound=bound: list(rd.query(bound)), limit)
            if rd_t == "error":
                row["rdflib_ms"], row["speedup"] = "error", "—"
            else:
                row["rdflib_ms"] = rd_t * 1000 if rd_t is not None else f"> {limit * 1000:.0f}"
                row["speedup"] = (rd_t / kg_t) if rd_t is not None else f"> {limit / kg_t:.0f}"
        res["queries"][name] = row
    for fmt in ("turtle", "nquads"):
        _say(f"{size}: export {fmt}")
        t0 = time.perf_counter()
        export(store, str(work / f"export-{size}.{fmt}"), fmt)
        ox_t = time.perf_counter() - t0
        res[f"export_{fmt}_s"] = ox_t
        if rd is not None:
            if fmt == "turtle":
                from rdflib import Graph

                union = Graph()
                for t in rd.triples((None, None, None)):
                    union.add(t)
                target = union
            else:
                target = rd
            rd_fmt = "turtle" if fmt == "turtle" else "nquads"
            elimit = export_limit or limit
            rd_t = _with_limit(lambda target=target, rd_fmt=rd_fmt: target.serialize(
                format=rd_fmt), elimit)
            rd_t = None if rd_t == "error" else rd_t
            res[f"export_{fmt}_rdflib_s"] = rd_t if rd_t is not None else f"> {elimit:.0f}"
            res[f"export_{fmt}_speedup"] = (rd_t / ox_t) if rd_t else f"> {elimit / ox_t:.0f}"
    return res


def _fmt(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x:.3g}" if x < 100 else f"{x:.0f}"


def show(res: dict) -> None:
    n = res["readouts"]
    print(f"\n== {n} readouts, {res['quads']} quads ==")
    print(f"ingest            {res['ingest_s']:.1f} s  ({res['ingest_rate']:.0f} readouts/s, "
          f"store writes {100 * res['store_share']:.0f} % of the time, "
          f"{res['failures']} failed)")
    print(f"peak memory       {res['peak_mb']:.0f} MB    store on disk {res['disk_mb']:.0f} MB")
    print(f"re-ingest         {res['reingest_s']:.1f} s  ({res['reingest_unchanged']} unchanged)")
    if "rdflib_load_s" in res:
        print(f"rdflib load       {res['rdflib_load_s']:.1f} s (N-Quads into a memory Dataset)")
    print(f"{'query':26} {'kg ms':>9} {'pyoxigraph':>11} {'overhead':>9} {'rdflib ms':>10} "
          f"{'speed-up':>9}")
    for name, row in res["queries"].items():
        print(f"{name:26} {_fmt(row['kg_ms']):>9} {_fmt(row['pyoxigraph_ms']):>11} "
              f"{_fmt(row['overhead']):>9} {_fmt(row.get('rdflib_ms')):>10} "
              f"{_fmt(row.get('speedup')):>9}")
    med = statistics.median(r["kg_ms"] for r in res["queries"].values())
    print(f"median query      {med:.1f} ms")
    for fmt in ("turtle", "nquads"):
        print(f"export {fmt:7}    {res[f'export_{fmt}_s']:.2f} s"
              + (f"   rdflib {_fmt(res.get(f'export_{fmt}_rdflib_s'))} s, speed-up "
                 f"{_fmt(res.get(f'export_{fmt}_speedup'))}" if f"export_{fmt}_rdflib_s" in res
                 else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rdflib-max", type=int, default=10000,
                    help="largest size compared with rdflib in memory")
    ap.add_argument("--limit", type=float, default=300, help="give rdflib at most SECONDS")
    ap.add_argument("--export-limit", type=float,
                    help="give rdflib's serialisers at most SECONDS (default: --limit)")
    ap.add_argument("--work", type=Path, help="folder for readouts and stores (kept)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    results = []
    try:
        for size in args.sizes:
            res = bench(size, args.jobs, args.rdflib_max, args.limit, work, args.export_limit)
            show(res)
            results.append(res)
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str))
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
