#!/usr/bin/env bash
# ./test.sh: build SmartGov once and run every test suite; the last line is "N passed, N failed".
#
# What it does (docs/testing.md has the long version):
#   1. As root, installs missing Debian packages: postgresql, chromium, fonts-noto-cjk, openssl.
#   2. Starts a throwaway PostgreSQL on a free 127.0.0.1 port (tests/pg.sh), exports SMARTGOV_TEST_PG.
#   3. dotnet build SmartGov.slnx -c Release (a failed build counts as one failure).
#   4. dotnet test --no-build for every tests/*/*.csproj, one TRX file per run in
#      .test-artifacts/results. The integration suites (Web, Services, Supervision) run twice:
#      SMARTGOV_TEST_DB=Sqlite and =Postgres.
#   5. Sums the TRX counters, lists failed tests, prints "N passed, N failed", exits 1 if any failed.
#   The server and its temp dir are removed on exit, also on failure or Ctrl-C (trap).
#
# Options:
#   --filter EXPR    passed to every `dotnet test --filter` (e.g. "FullyQualifiedName~Login")
#   --no-install     never apt-get install; missing tools make the suites that need them fail
#   --keep-pg        leave the throwaway PostgreSQL running afterwards and print how to reach it
#   -h, --help
# Environment:
#   SMARTGOV_TEST_ONLY=Crypto,Web   run only the runs whose name contains one of these (case-insensitive);
#                                   run names: Core.Tests, Web.Tests.Sqlite, Web.Tests.Postgres, ...
#   SMARTGOV_TEST_JOBS=N            how many of the small (unit) projects run at once (default: 2)
#   SMARTGOV_TEST_HEAVY_JOBS=N      how many integration runs (per provider) run at once (default: 2)
#   SMARTGOV_TEST_PG=...            if already set, that server is used and none is started
#   SMARTGOV_CHROMIUM=path          browser for the Playwright tests (default /usr/bin/chromium)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$PWD"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

FILTER=""
NO_INSTALL=0
KEEP_PG=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --filter)     [[ $# -ge 2 ]] || { echo "--filter needs an expression" >&2; exit 2; }
                      FILTER="$2"; shift 2 ;;
        --filter=*)   FILTER="${1#--filter=}"; shift ;;
        --no-install) NO_INSTALL=1; shift ;;
        --keep-pg)    KEEP_PG=1; shift ;;
        -h|--help)    usage; exit 0 ;;
        *)            echo "unknown option: $1 (see ./test.sh --help)" >&2; exit 2 ;;
    esac
done

# Quiet, non-interactive dotnet: no telemetry banner, no first-run setup on a fresh machine.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Playwright must use Debian's chromium: the machine cannot download Playwright's own browsers.
export SMARTGOV_CHROMIUM="${SMARTGOV_CHROMIUM:-/usr/bin/chromium}"

ARTIFACTS="$ROOT/.test-artifacts"
RESULTS="$ARTIFACTS/results"   # TRX files, one per run
LOGS="$ARTIFACTS/logs"         # build.log and each run's console output
STATE="$ARTIFACTS/state"       # exit code + duration of each run
JOBS="${SMARTGOV_TEST_JOBS:-2}"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || JOBS=1
HEAVY_JOBS="${SMARTGOV_TEST_HEAVY_JOBS:-2}"
[[ "$HEAVY_JOBS" =~ ^[1-9][0-9]*$ ]] || HEAVY_JOBS=1

log()  { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

# shellcheck source=tests/pg.sh
source "$ROOT/tests/pg.sh"

# ---- cleanup ----------------------------------------------------------------------------------
BG_PIDS=()      # test runs started in the background (only ours; killed on abort)
cleanup() {
    local pid
    # Background runs have their own process group (set -m below): end the whole group, i.e.
    # dotnet test and its test hosts, not just the subshell.
    for pid in "${BG_PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
    if [[ $KEEP_PG -eq 1 && -n "$SGPG_DIR" ]]; then
        return 0    # --keep-pg: described to the user in finish()
    fi
    sgpg_stop
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'echo "terminated" >&2; exit 143' TERM

# Print the final summary (its last line is "N passed, N failed") and exit. Cleanup runs first so
# nothing is printed after that line.
finish() {
    local passed=$1 failed=$2
    if [[ $KEEP_PG -eq 1 && -n "$SGPG_DIR" ]]; then
        echo
        echo "--keep-pg: the throwaway PostgreSQL is still running:"
        sgpg_describe 2>&1
        if [[ $EUID -eq 0 ]]; then
            echo "[pg] stop:  runuser -u postgres -- $SGPG_BIN/pg_ctl -D $SGPG_DIR/data stop && rm -rf $SGPG_DIR"
        else
            echo "[pg] stop:  $SGPG_BIN/pg_ctl -D $SGPG_DIR/data stop && rm -rf $SGPG_DIR"
        fi
    fi
    cleanup
    trap - EXIT
    echo "$passed passed, $failed failed"
    if [[ $failed -gt 0 ]]; then exit 1; fi
    exit 0
}

# A problem before any test could run (setup, build): say why, count it as one failure.
fail_setup() {
    echo >&2
    echo "ERROR: $*" >&2
    finish 0 1
}

# ---- which runs -------------------------------------------------------------------------------
# Each run: NAME|PROJECT|ENV (ENV is "" or one VAR=value). NAME is also the TRX file name.
RUNS=()
# Integration suites that read SMARTGOV_TEST_DB and so run once per provider.
PER_PROVIDER="SmartGov.Web.Tests SmartGov.Services.Tests SmartGov.Supervision.Tests SmartGov.Applications.Tests SmartGov.Notifications.Tests SmartGov.Applications.Files.Tests SmartGov.Applications.Portal.Tests SmartGov.Applications.Seeding.Tests SmartGov.Ratings.Tests SmartGov.Applications.Console.Tests SmartGov.Evaluation.Tests SmartGov.Insight.Tests SmartGov.Exchange.Tests SmartGov.Catalog.Tests SmartGov.Licences.Tests SmartGov.Handover.Tests"
shopt -s nullglob
for proj in tests/*/*.csproj; do
    dir="$(basename "$(dirname "$proj")")"
    name="${dir#SmartGov.}"
    if [[ " $PER_PROVIDER " == *" $dir "* ]]; then
        # The integration suites must pass against both database providers.
        RUNS+=("$name.Sqlite|$proj|SMARTGOV_TEST_DB=Sqlite" "$name.Postgres|$proj|SMARTGOV_TEST_DB=Postgres")
    else
        RUNS+=("$name|$proj|")
    fi
done
shopt -u nullglob

if [[ -n "${SMARTGOV_TEST_ONLY:-}" ]]; then
    selected=()
    IFS=',' read -r -a only_words <<< "$SMARTGOV_TEST_ONLY"
    for run in "${RUNS[@]}"; do
        name="${run%%|*}"
        for w in "${only_words[@]}"; do
            w="${w// /}"
            if [[ -n "$w" && "${name,,}" == *"${w,,}"* ]]; then selected+=("$run"); break; fi
        done
    done
    RUNS=("${selected[@]}")
fi
if [[ ${#RUNS[@]} -eq 0 ]]; then
    fail_setup "no test runs to do: no tests/*/*.csproj${SMARTGOV_TEST_ONLY:+ matching SMARTGOV_TEST_ONLY=$SMARTGOV_TEST_ONLY}"
fi

# What the selected runs need. Only the pure unit suites and the Sqlite run are known not to
# touch PostgreSQL; anything else (including suites added later) gets a server to be safe.
need_pg=0; need_browser=0
for run in "${RUNS[@]}"; do
    name="${run%%|*}"
    case "$name" in
        Core.Tests|Crypto.Tests|Architecture.Tests|Web.Tests.Sqlite) ;;
        *) need_pg=1 ;;
    esac
    if [[ "$name" == Browser.Tests* || "$name" == Audit.Tests* || "$name" == Evaluation.Tests* || "$name" == Supervision.Tests* || "$name" == Applications.Console.Tests* || "$name" == Applications.Browser.Tests* || "$name" == Insight.Tests* || "$name" == Licences.Tests* ]]; then need_browser=1; fi
done
if [[ -n "${SMARTGOV_TEST_PG:-}" ]]; then
    log "SMARTGOV_TEST_PG is already set; using that server instead of starting one"
    need_pg=0
fi

# ---- system packages --------------------------------------------------------------------------
pkg_installed() {
    local status
    command -v dpkg-query >/dev/null 2>&1 || return 1
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [[ "$status" == *"ok installed"* ]]
}
missing=()
if [[ $need_pg -eq 1 ]] && ! sgpg_find_bin >/dev/null; then missing+=(postgresql); fi
if [[ $need_browser -eq 1 ]]; then
    [[ -x "$SMARTGOV_CHROMIUM" ]] || missing+=(chromium)
    # Without CJK fonts Chinese text renders as boxes in screenshots.
    pkg_installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
fi
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $NO_INSTALL -eq 1 ]]; then
        warn "--no-install: not installing ${missing[*]}; the suites that need them will fail"
    elif [[ $EUID -ne 0 ]]; then
        fail_setup "missing system packages: ${missing[*]}
  Install them as root:  sudo apt-get install --no-install-recommends ${missing[*]}
  (or run ./test.sh as root, which installs them; or use --no-install / SMARTGOV_TEST_ONLY)"
    elif ! command -v apt-get >/dev/null 2>&1; then
        fail_setup "missing ${missing[*]} and there is no apt-get to install them with"
    else
        log "installing: ${missing[*]}"
        # One update, only because something is missing. No recommends: keeps the install small.
        if ! apt-get update -q ||
           ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
            fail_setup "apt-get could not install: ${missing[*]}"
        fi
    fi
fi

# ---- build ------------------------------------------------------------------------------------
rm -rf "$RESULTS" "$STATE"
mkdir -p "$RESULTS" "$LOGS" "$STATE"

log "dotnet build SmartGov.slnx -c Release"
# -nodeReuse:false: no MSBuild worker processes are left running after the script.
if ! dotnet build SmartGov.slnx -c Release -nodeReuse:false 2>&1 | tee "$LOGS/build.log"; then
    echo >&2
    echo "BUILD FAILED. The errors are above and in .test-artifacts/logs/build.log:" >&2
    grep -E ': error [A-Z]+[0-9]+' "$LOGS/build.log" | sort -u | head -n 30 >&2 || true
    fail_setup "the build failed, so no tests ran"
fi

# ---- PostgreSQL -------------------------------------------------------------------------------
if [[ $need_pg -eq 1 ]]; then
    if sgpg_find_bin >/dev/null; then
        sgpg_start || fail_setup "could not start the throwaway PostgreSQL server (see above)"
    else
        warn "no PostgreSQL server installed; SMARTGOV_TEST_PG is not set, the Postgres runs will fail"
    fi
fi

# ---- test runs --------------------------------------------------------------------------------
# One run: dotnet test the project, keep console output in logs/NAME.log, exit code and seconds
# in state/. Always returns 0: the outcome is judged later from the TRX file and the exit code.
run_one() {
    local name=$1 proj=$2 envvar=$3 tee_output=$4
    local start=$SECONDS rc=0
    local -a cmd=(dotnet test "$proj" -c Release --no-build
        --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS"
        # A test that hangs is killed after 5 minutes (the run is then reported as aborted, with
        # the hanging test named) instead of eating the whole CI time budget.
        --blame-hang --blame-hang-timeout 5m --blame-hang-dump-type none)
    if [[ -n "$FILTER" ]]; then cmd+=(--filter "$FILTER"); fi
    if [[ -n "$envvar" ]]; then cmd=(env "$envvar" "${cmd[@]}"); fi
    if [[ "$tee_output" == 1 ]]; then
        "${cmd[@]}" 2>&1 | tee "$LOGS/$name.log" || rc=$?
    else
        "${cmd[@]}" > "$LOGS/$name.log" 2>&1 || rc=$?
    fi
    echo "$rc" > "$STATE/$name.rc"
    echo $(( SECONDS - start )) > "$STATE/$name.secs"
    return 0
}

# The small projects (everything but the integration and browser suites) run JOBS at a time: each
# is mostly `dotnet test` start-up cost. Their logs are printed once all of them are done.
# The integration suites (hosts, databases) and the browser suites are heavy: see below.
small=(); heavy=()
for run in "${RUNS[@]}"; do
    case "${run%%|*}" in
        # Every per-provider run hosts the hub on a database; they and the browser suites run one after another.
        *.Sqlite|*.Postgres|*Browser.Tests|Audit.Tests) heavy+=("$run") ;;
        *) small+=("$run") ;;
    esac
done

print_log() {   # $1 = run name
    echo "----- ${1} (exit $(cat "$STATE/$1.rc" 2>/dev/null || echo '?'), $(cat "$STATE/$1.secs" 2>/dev/null || echo '?')s) -----"
    cat "$LOGS/$1.log" 2>/dev/null || true
}

if [[ ${#small[@]} -gt 0 ]]; then
    log "running ${#small[@]} unit test project(s), $JOBS at a time"
    pending=()
    for run in "${small[@]}"; do
        IFS='|' read -r name proj envvar <<< "$run"
        while [[ ${#BG_PIDS[@]} -ge $JOBS ]]; do
            wait -n || true
            alive=()
            for pid in "${BG_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
            BG_PIDS=("${alive[@]}")
        done
        set -m     # job control just for this launch: the run gets its own process group
        run_one "$name" "$proj" "$envvar" 0 &
        BG_PIDS+=("$!")
        set +m
        pending+=("$name")
    done
    wait "${BG_PIDS[@]}" 2>/dev/null || true
    BG_PIDS=()
    for name in "${pending[@]}"; do print_log "$name"; done
fi

# The per-provider runs go HEAVY_JOBS at a time: much of a run is waiting (fsync on SQLite, round trips
# to PostgreSQL, test host start-up), so two overlap well on two cores. Their logs are printed as each
# finishes. The browser suites and Audit (timing of the sequencer, a browser) run alone, output live.
paired=(); solo=()
for run in "${heavy[@]}"; do
    case "${run%%|*}" in
        *Browser.Tests*|Audit.Tests) solo+=("$run") ;;
        *) paired+=("$run") ;;
    esac
done
if [[ ${#paired[@]} -gt 0 ]]; then
    log "running ${#paired[@]} integration run(s), $HEAVY_JOBS at a time"
    declare -A RUN_OF_PID=()
    reap() {   # wait for one background run to end, print its log
        local pid alive=()
        wait -n || true
        for pid in "${BG_PIDS[@]}"; do
            if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); else print_log "${RUN_OF_PID[$pid]}"; fi
        done
        BG_PIDS=("${alive[@]}")
    }
    for run in "${paired[@]}"; do
        IFS='|' read -r name proj envvar <<< "$run"
        while [[ ${#BG_PIDS[@]} -ge $HEAVY_JOBS ]]; do reap; done
        set -m
        run_one "$name" "$proj" "$envvar" 0 &
        BG_PIDS+=("$!"); RUN_OF_PID[$!]="$name"
        set +m
    done
    while [[ ${#BG_PIDS[@]} -gt 0 ]]; do reap; done
fi
for run in "${solo[@]}"; do
    IFS='|' read -r name proj envvar <<< "$run"
    log "dotnet test $proj ${envvar:+($envvar)}"
    run_one "$name" "$proj" "$envvar" 1
done

# ---- summary ----------------------------------------------------------------------------------
# trx_counts FILE -> "total executed passed failed"; trx_failures FILE -> one failed test per line.
PY="$(command -v python3 || true)"
if [[ -n "$PY" ]] && ! "$PY" -c 'import xml.etree.ElementTree' 2>/dev/null; then PY=""; fi
if [[ -n "${SMARTGOV_TEST_NO_PYTHON:-}" ]]; then PY=""; fi   # exercise the fallback below

trx_counts() {
    if [[ -n "$PY" ]]; then
        "$PY" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
c = next(e for e in ET.parse(sys.argv[1]).iter() if e.tag.endswith('}Counters') or e.tag == 'Counters')
print(*(int(c.get(k, 0)) for k in ('total', 'executed', 'passed', 'failed')))
EOF
    else
        # VSTest writes the whole <Counters .../> element on one line.
        local line k v out=""
        line="$(grep -o '<Counters [^>]*>' "$1" | head -n 1)"
        [[ -n "$line" ]] || return 1
        for k in total executed passed failed; do
            v="$(sed -n "s/.* $k=\"\([0-9]*\)\".*/\1/p" <<< "$line")"
            out+="${v:-0} "
        done
        echo "${out% }"
    fi
}

trx_failures() {
    if [[ -n "$PY" ]]; then
        "$PY" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).iter():
    if e.tag.split('}')[-1] == 'UnitTestResult' and e.get('outcome') == 'Failed':
        msg = next((m.text for m in e.iter() if m.tag.split('}')[-1] == 'Message' and m.text), '')
        first = msg.strip().splitlines()[0] if msg.strip() else ''
        print(e.get('testName') + (': ' + first[:200] if first else ''))
EOF
    else
        # Each <UnitTestResult ...> start tag is on one line; decode the XML escapes in the name.
        grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$1" |
            sed -n 's/.* testName="\([^"]*\)".*/\1/p' |
            sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
    fi
}

total_passed=0; total_failed=0
failures=()
table=()
for run in "${RUNS[@]}"; do
    IFS='|' read -r name proj envvar <<< "$run"
    trx="$RESULTS/$name.trx"
    rc="$(cat "$STATE/$name.rc" 2>/dev/null || echo '?')"
    secs="$(cat "$STATE/$name.secs" 2>/dev/null || echo '?')"
    if [[ -f "$trx" ]] && counts="$(trx_counts "$trx" 2>/dev/null)" && [[ -n "$counts" ]]; then
        read -r total executed passed failed <<< "$counts"
        skipped=$(( total - executed ))
        status="ok"
        if [[ $failed -gt 0 ]]; then
            status="FAILED"
            while IFS= read -r t; do [[ -n "$t" ]] && failures+=("[$name] $t"); done < <(trx_failures "$trx" 2>/dev/null || true)
        elif [[ "$rc" != 0 ]]; then
            # dotnet test failed yet no test failed: the test host crashed or the run was aborted
            # (e.g. a hang). Count the run itself as one failure.
            status="ABORTED (exit $rc)"; failed=1
            failures+=("[$name] test run aborted (exit $rc) - see .test-artifacts/logs/$name.log")
        elif [[ $total -eq 0 ]]; then
            status="no tests"
        fi
    else
        # No TRX at all: dotnet test could not even start (missing build output, bad project...).
        total=0; passed=0; skipped=0; failed=1
        status="CRASHED, no TRX (exit $rc)"
        failures+=("[$name] produced no TRX file (exit $rc; is the project in SmartGov.slnx?) - see .test-artifacts/logs/$name.log")
    fi
    total_passed=$(( total_passed + passed ))
    total_failed=$(( total_failed + failed ))
    table+=("$(printf '%-22s %7s %7s %8s %6s  %s' "$name" "$passed" "$failed" "$skipped" "${secs}s" "$status")")
done

echo
echo "================================ test summary ================================"
printf '%-22s %7s %7s %8s %6s  %s\n' "run" "passed" "failed" "skipped" "time" "status"
printf '%s\n' "${table[@]}"
if [[ ${#failures[@]} -gt 0 ]]; then
    echo
    echo "Failed:"
    printf '  %s\n' "${failures[@]}"
fi
echo
echo "TRX files: .test-artifacts/results/   console logs: .test-artifacts/logs/"
finish "$total_passed" "$total_failed"
