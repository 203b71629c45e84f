#!/usr/bin/env bash
# kg as users get it: an sdist built from this checkout, a wheel built from that sdist
# (`python -m build` does both, in isolated environments), the wheel installed non-editable
# into a fresh virtualenv, then every main command run from an unrelated temporary folder that
# holds nothing of the repository but a copy of the bundled readouts. Each step must succeed
# and leave non-empty output; one "ok" line per step.
#
#   bash .ci/wheel-smoke.sh          (from the repo root, or anywhere: paths are its own)
#   PYTHON=python3.12 bash .ci/wheel-smoke.sh
#
# Needs network for PyPI (build, setuptools, kg's dependencies); pip's cache makes reruns quick.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
unset KG_DATA KG_STORE PYTHONPATH   # nothing may point back into the checkout
started=$SECONDS

ok() { printf 'ok  %-22s %s\n' "$1" "$2"; }
fail() { echo "FAIL $1" >&2; exit 1; }
nonempty() { [ -s "$2" ] || fail "$1: $2 is missing or empty"; }

# --- build: sdist, then the wheel from the unpacked sdist (proves the sdist is complete)
"$PYTHON" -m venv "$WORK/build-venv"
"$WORK/build-venv/bin/python" -m pip install --quiet --upgrade pip build
"$WORK/build-venv/bin/python" -m build --outdir "$WORK/dist" "$ROOT" >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; fail "python -m build"; }
wheels=("$WORK"/dist/kg-*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -s "${wheels[0]}" ] || fail "build: expected one wheel in dist/"
ok build "$(basename "${wheels[0]}") from $(basename "$WORK"/dist/kg-*.tar.gz)"

# --- install, non-editable, into a virtualenv of its own
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --upgrade pip
"$WORK/venv/bin/python" -m pip install --quiet "${wheels[0]}"
# shellcheck disable=SC1091
. "$WORK/venv/bin/activate"

# --- run from elsewhere (python puts the current folder first on sys.path: never the checkout),
# with only the bundled readouts copied in
mkdir "$WORK/elsewhere" && cd "$WORK/elsewhere"
mkdir readouts
cp "$ROOT"/data/readouts/*.txt "$ROOT"/data/readouts/*.meta.json readouts/

SITE="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
where="$(python -c 'import kg, kg.resources as r
print(kg.__file__); print(r.ref_dir()); print(r.shapes_path())')"
[ "$(grep -c "^$SITE/kg/" <<<"$where")" -eq 3 ] \
    || fail "install: kg or its resources not from $SITE: $where"
ok install "kg and kg/_resources from the virtualenv's site-packages"

kg build readouts --out out --strict >build.txt 2>&1 || { cat build.txt >&2; fail "kg build"; }
nonempty "kg build" out/graph.trig
grep -Eq '^failed +0$' build.txt || { cat build.txt >&2; fail "kg build: some readouts failed"; }
grep -Eq '^events +[1-9]' build.txt || { cat build.txt >&2; fail "kg build: no events"; }
ok "kg build" "$(grep -E '^(readouts read|events)' build.txt | tr -s ' ' | paste -sd, -)"

kg validate out/graph.trig >validate.txt 2>&1 || { cat validate.txt >&2; fail "kg validate"; }
grep -q conforms validate.txt || fail "kg validate: $(cat validate.txt)"
ok "kg validate" "out/graph.trig conforms"

kg ingest readouts --store store >ingest.txt 2>&1 || { cat ingest.txt >&2; fail "kg ingest"; }
[ -n "$(ls -A store)" ] || fail "kg ingest: empty store folder"
grep -Eq '^failed +0$' ingest.txt || { cat ingest.txt >&2; fail "kg ingest: some readouts failed"; }
ok "kg ingest --store" "store/"

kg query meetings-between-states --store store --param state1=CHN --param state2=KGZ \
    --format csv -o meetings.csv
[ "$(wc -l <meetings.csv)" -ge 2 ] || fail "kg query: no rows in meetings.csv"
ok "kg query" "meetings-between-states CHN KGZ: $(($(wc -l <meetings.csv) - 1)) rows"

kg export --store store --format turtle -o graph.ttl
nonempty "kg export" graph.ttl
grep -q '@prefix' graph.ttl || fail "kg export: graph.ttl is not Turtle"
ok "kg export" "graph.ttl, $(wc -c <graph.ttl) bytes"

kg analyse centrality --store store --format csv -o centrality.csv
[ "$(wc -l <centrality.csv)" -ge 2 ] || fail "kg analyse centrality: no rows"
ok "kg analyse centrality" "$(($(wc -l <centrality.csv) - 1)) nodes"

kg view --store store -o page.html >view.txt
nonempty "kg view" page.html
grep -q '<!DOCTYPE html>' page.html || fail "kg view: page.html is not HTML"
ok "kg view" "$(cat view.txt)"

python -m kg --help >help.txt
for cmd in build validate ingest query export analyse view; do
    grep -Eq "^  $cmd( |$)" help.txt || fail "python -m kg --help: no $cmd"
done
ok "python -m kg --help" "lists every command"

echo "wheel smoke test passed in $((SECONDS - started)) s"
