#!/usr/bin/env bash
# src/SmartGov.AppHost/smoke.sh: start the demo city with the AppHost, check that it answers, stop it, and check
# that nothing is left running. Exit 0 when all checks pass; prints "N passed, N failed" last.
#
# Checks: the hub's portal (/), /healthz and /console; the Aspire dashboard (login link -> 200); the hub's traces
# reach the dashboard (a request's X-Request-Id, which is its trace id, shows up in the dashboard's run store);
# the four department gateways (dsj, gaj, mzj, scjg on 5300–5303) answer /healthz, registered with the exchange
# management center and hold its signed global configuration; the department systems (5401–5403) answer; the hub's
# gateway fetches 张明华's 户口簿 from 公安局's system across two gateways, and that call's trace reaches the dashboard
# with spans of both gateways and the department system;
# after SIGTERM no orchestrator (dcp), dashboard, hub or gateway process of this run remains and the ports are free.
#
# Options: --keep-data   keep data/hub (by default the run uses a fresh copy of the demo city: data/hub is removed first)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
KEEP_DATA=0
[[ "${1:-}" == "--keep-data" ]] && KEEP_DATA=1

HUB=http://localhost:5080
DASH=http://localhost:15080
PORTS=(5080 15080 19080 19081 20080 5300 5301 5302 5303 5401 5402 5403)
LOG="$(mktemp -t smartgov-apphost.XXXXXX.log)"
passed=0; failed=0
ok()   { echo "  ok:   $*"; passed=$((passed + 1)); }
bad()  { echo "  FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
port_busy() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

for p in "${PORTS[@]}"; do
    if port_busy "$p"; then echo "port $p is already in use: stop whatever listens there first" >&2; echo "0 passed, 1 failed"; exit 1; fi
done
[[ $KEEP_DATA -eq 1 ]] || rm -rf "$ROOT/data/hub" "$ROOT/data/gateways" "$ROOT/data/departments"

echo "==> building the AppHost"
if ! dotnet build src/SmartGov.AppHost -nodeReuse:false -v q -clp:NoSummary >"$LOG.build" 2>&1; then
    tail -n 30 "$LOG.build"; echo "0 passed, 1 failed"; exit 1
fi

echo "==> starting: dotnet run --project src/SmartGov.AppHost (log: $LOG)"
set -m
dotnet run --project src/SmartGov.AppHost --no-build >"$LOG" 2>&1 &
RUN_PID=$!
set +m
APPHOST_PID=""
stop_all() {
    # SIGTERM to the AppHost: it stops its resources and the orchestrator, as Ctrl+C does in a terminal. (A job started
    # in the background of a script ignores SIGINT, so Ctrl+C's signal would not do here.) dotnet run then ends by itself.
    local target=${APPHOST_PID:-$RUN_PID}
    kill -TERM "$target" 2>/dev/null
    for _ in $(seq 1 60); do
        kill -0 "$target" 2>/dev/null || kill -0 "$RUN_PID" 2>/dev/null || break
        sleep 1
    done
    kill -KILL -- "-$RUN_PID" 2>/dev/null || true
}
trap stop_all EXIT

for _ in $(seq 1 50); do
    APPHOST_PID="$(pgrep -P "$RUN_PID" -f 'SmartGov.AppHost' | head -n 1 || true)"
    [[ -n "$APPHOST_PID" ]] && break
    sleep 0.2
done

echo "==> waiting for the hub (first start migrates and seeds: up to 5 minutes)"
ready=0
for _ in $(seq 1 300); do
    if grep -q "The hub is ready" "$LOG"; then ready=1; break; fi
    kill -0 "$RUN_PID" 2>/dev/null || break
    sleep 1
done
check "the AppHost says the hub is ready" test $ready -eq 1
check "the AppHost printed the portal, console and demo logins" grep -q "Console 后台:   $HUB/console" "$LOG"

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
check "GET $HUB/ -> 200" test "$(code "$HUB/")" = 200
check "GET $HUB/healthz -> 200" test "$(code "$HUB/healthz")" = 200
check "GET $HUB/console -> 302 to sign-in" test "$(code "$HUB/console")" = 302
check "GET $DASH/ -> 302 to the dashboard's login" test "$(code "$DASH/")" = 302
LOGIN="$(grep -o "$DASH/login?t=[0-9a-f]*" "$LOG" | head -n 1)"
JAR="$(mktemp)"
curl -s -c "$JAR" -o /dev/null "$LOGIN"
check "the dashboard's login link signs in (GET $DASH/ -> 200)" test "$(code -b "$JAR" "$DASH/")" = 200
rm -f "$JAR"

# The gateways register at their first start (the hub must be up) and then load the hub's configuration.
for gw in dsj:5300 gaj:5301 mzj:5302 scjg:5303; do
    name=${gw%%:*}; port=${gw##*:}
    version=""
    for _ in $(seq 1 120); do
        if [[ "$(code "http://127.0.0.1:$port/healthz")" == 200 ]]; then
            version="$(curl -s "http://127.0.0.1:$port/admin/status" | python3 -c 'import json,sys; v=json.load(sys.stdin).get("configVersion"); print(v if v is not None else "")' 2>/dev/null)"
            [[ -n "$version" ]] && break
        fi
        sleep 1
    done
    check "gateway $name (:$port) is healthy and holds global configuration version ${version:-none}" test -n "$version"
done

for dp in gaj:5401 mzj:5402 scjg:5403; do
    name=${dp%%:*}; port=${dp##*:}
    up=0
    for _ in $(seq 1 60); do [[ "$(code "http://127.0.0.1:$port/healthz")" == 200 ]] && { up=1; break; }; sleep 1; done
    check "department system $name (:$port) answers /healthz" test $up -eq 1
done

# 信息跑路 across the exchange: the hub's client asks its own gateway (dsj) for 张明华's 户口簿, which 公安局's gateway
# fetches from 公安局's own system. Member ids are the departments' credit codes (from the hub's public API).
CREDIT="$(curl -s "$HUB/api/v1/departments" | python3 -c '
import json, sys
d = json.load(sys.stdin); d = d.get("items", d) if isinstance(d, dict) else d
code = lambda word: next(x["creditCode"] for x in d if word in x["name"])
print(code("大数据局"), code("公安局"))' 2>/dev/null)"
DSJ_CREDIT=${CREDIT%% *}; GAJ_CREDIT=${CREDIT##* }
TRACE_ID="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
FETCH="$(curl -s -w '\n%{http_code}' -H "SmartGov-Client: CN-DEMO/GOV/$DSJ_CREDIT/hub" -H "SmartGov-Purpose: 一网通办材料共享" \
    -H "traceparent: 00-$TRACE_ID-$(python3 -c 'import secrets; print(secrets.token_hex(8))')-01" \
    "http://127.0.0.1:5300/r1/CN-DEMO/GOV/$GAJ_CREDIT/licences/gaj.household-register?holder=371802198506151234")"
check "the hub's gateway fetches 张明华's 户口簿 from 公安局 across two gateways (200)" test "$(tail -n 1 <<<"$FETCH")" = 200
check "the 户口簿 names 张明华" grep -q "张明华" <<<"$FETCH"

# The dashboard keeps this run's telemetry in ~/.aspire/dashboard/runs/<run>/dashboard.db (Aspire 13, persistence "Run").
TRACE="$(curl -s -D - -o /dev/null "$HUB/account/login" | tr -d '\r' | awk 'tolower($1) == "x-request-id:" { print $2 }')"
if command -v python3 >/dev/null; then
    found=0
    for _ in $(seq 1 20); do
        sleep 1
        DB="$(ls -td "$HOME"/.aspire/dashboard/runs/*/ 2>/dev/null | head -n 1)dashboard.db"
        [[ -f "$DB" ]] || continue
        if python3 - "$DB" "$TRACE" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = c.execute("select r.resource_name, s.name from telemetry_spans s join telemetry_resources r using(resource_id) where s.trace_id = ?", (sys.argv[2],)).fetchall()
print("    dashboard has", rows)
sys.exit(0 if rows else 1)
PY
        then found=1; break; fi
    done
    check "trace $TRACE of GET /account/login reached the dashboard" test $found -eq 1
    found=0
    for _ in $(seq 1 20); do
        if python3 - "$DB" "$TRACE_ID" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
names = {r[0] for r in c.execute("select r.resource_name from telemetry_spans s join telemetry_resources r using(resource_id) where s.trace_id = ?", (sys.argv[2],))}
print("    the exchange call's trace has spans of", sorted(names))
sys.exit(0 if {"gateway-dsj", "gateway-gaj", "dept-gaj"} <= {n.split("-", 2)[0] + "-" + n.split("-", 2)[1] if n.count("-") >= 2 else n for n in names} | names else 1)
PY
        then found=1; break; fi
        sleep 1
    done
    check "the exchange call's trace $TRACE_ID shows both gateways and 公安局's system in the dashboard" test $found -eq 1
else
    echo "  skip: python3 not found, the trace check needs it"
fi

echo "==> stopping (SIGTERM to the AppHost)"
stop_all
trap - EXIT
# The orchestrator watches the AppHost and ends the hub and the dashboard after it: give it up to 30 s.
# This run's orchestrator is the one with this run's kubeconfig; its dashboard and hub are children of it.
KUBECONFIG_DIR="$(grep -o '/tmp/aspire-dcp[A-Za-z0-9]*' "$LOG" | head -n 1)"
leftovers() { pgrep -af "dcp .*--monitor $APPHOST_PID |${KUBECONFIG_DIR:-no-kubeconfig-seen}|tools/Aspire.Dashboard$|$ROOT/src/SmartGov.Web/bin|$ROOT/src/SmartGov.Web/SmartGov.Web.csproj|$ROOT/src/SmartGov.Gateway/bin|$ROOT/src/SmartGov.DemoDepartment/bin" || true; }
for _ in $(seq 1 30); do
    left="$(leftovers)"
    [[ -z "$left" ]] && break
    sleep 1
done
check "no orchestrator, dashboard, hub, gateway or department system process is left" test -z "$left"
[[ -n "$left" ]] && echo "$left"
busy=""
for p in "${PORTS[@]}"; do port_busy "$p" && busy+=" $p"; done
check "ports ${PORTS[*]} are free again" test -z "$busy"
rm -f "$LOG.build"
if [[ $failed -eq 0 ]]; then rm -f "$LOG"; else echo "the AppHost's output is in $LOG"; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
