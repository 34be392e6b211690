#!/usr/bin/env bash
# Throwaway PostgreSQL server for the SmartGov tests.
#
# Two ways to use it:
#
#   source tests/pg.sh; sgpg_start; ...; sgpg_stop
#       (this is what ./test.sh does). sgpg_start exports SMARTGOV_TEST_PG.
#
#   tests/pg.sh                 start a server, print how to connect, wait for Ctrl-C, remove it.
#   tests/pg.sh CMD [ARGS...]   start a server, run CMD with SMARTGOV_TEST_PG set, remove the server,
#                               exit with CMD's status. E.g.:
#                               tests/pg.sh env SMARTGOV_TEST_DB=Postgres dotnet test tests/SmartGov.Web.Tests
#
# The server listens on 127.0.0.1 only, on a free port, with its data directory, socket and log in a
# fresh temp dir. It is tuned for speed, not durability (fsync=off etc.): the data is disposable.
# Role smartgov / password smartgov is a superuser because the tests create (and drop) one database
# per fixture.
#
# initdb and postgres refuse to run as root, so as root everything runs as the `postgres` OS user
# (created by Debian's postgresql package) via runuser, and the temp dir is owned by that user.

# Set by sgpg_start, read by sgpg_stop / callers.
SGPG_DIR=""
SGPG_PORT=""
SGPG_BIN=""

sgpg_log() { printf '[pg] %s\n' "$*" >&2; }

# Newest installed server under /usr/lib/postgresql/<major>/bin (Debian layout); falls back to PATH.
sgpg_find_bin() {
    local d best="" best_major=0 major
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
        major="${d#/usr/lib/postgresql/}"; major="${major%%/*}"
        # Majors are integers since 10; ignore anything odd (e.g. "9.6").
        [[ "$major" =~ ^[0-9]+$ ]] || continue
        if (( major > best_major )); then best_major=$major; best=$d; fi
    done
    if [[ -z "$best" ]] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        best="$(dirname "$(command -v initdb)")"
    fi
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}

# Run a PostgreSQL binary as the right OS user: `postgres` when we are root, ourselves otherwise.
sgpg_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        # cd / so the postgres user is never left in a directory it cannot read (such as the home directory of root).
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Print a TCP port on 127.0.0.1 that nothing is listening on right now. There is a small race
# between this check and the server binding it; sgpg_start retries with another port if it loses.
sgpg_free_port() {
    local py
    py="$(command -v python3 || true)"
    if [[ -n "$py" ]] && "$py" - <<'EOF' 2>/dev/null; then return 0; fi
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
    # No python: probe random high ports with bash's /dev/tcp; "connection refused" means free.
    local p _
    for _ in $(seq 1 50); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            printf '%s\n' "$p"; return 0
        fi
    done
    return 1
}

# Start the server and export SMARTGOV_TEST_PG. Returns non-zero (after cleaning up) on failure.
sgpg_start() {
    SGPG_BIN="$(sgpg_find_bin)" || {
        sgpg_log "no PostgreSQL server found (looked in /usr/lib/postgresql/*/bin and PATH)."
        sgpg_log "install it with: apt-get install postgresql   (./test.sh does this when run as root)"
        return 1
    }
    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        sgpg_log "running as root but there is no 'postgres' OS user to run the server as."
        return 1
    fi

    # A fresh dir under /tmp (not $TMPDIR, which for root may be inside /root where the postgres
    # user cannot reach). Everything lives here: data/, the socket, the log.
    SGPG_DIR="$(mktemp -d "${SMARTGOV_PG_TMP:-/tmp}/smartgov-pg.XXXXXX")"
    chmod 700 "$SGPG_DIR"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$SGPG_DIR"; fi

    local pwfile="$SGPG_DIR/pw"
    # initdb reads the bootstrap superuser's password from a file; it's deleted right after.
    printf 'smartgov\n' > "$pwfile"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$pwfile"; fi

    # UTF-8 with the C.UTF-8 locale (always present in glibc): Chinese text must round-trip, and
    # a fresh machine may have no other locale generated. Loopback connections need the password
    # (scram); the unix socket (in our private 0700 dir) is trusted for the setup below.
    if ! sgpg_as_owner "$SGPG_BIN/initdb" -D "$SGPG_DIR/data" -U postgres --pwfile="$pwfile" \
            -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
            >"$SGPG_DIR/initdb.log" 2>&1; then
        sgpg_log "initdb failed:"; cat "$SGPG_DIR/initdb.log" >&2
        sgpg_stop; return 1
    fi
    rm -f "$pwfile"

    cat >> "$SGPG_DIR/data/postgresql.conf" <<EOF

# --- throwaway test server (tests/pg.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SGPG_DIR'
# Durability is pointless for test data; these make CREATE DATABASE and writes much faster.
fsync = off
synchronous_commit = off
full_page_writes = off
# Several fixtures x connection pools can exceed the default 100.
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
EOF

    local attempt
    for attempt in 1 2 3 4 5; do
        SGPG_PORT="$(sgpg_free_port)" || { sgpg_log "could not find a free port"; sgpg_stop; return 1; }
        if sgpg_as_owner "$SGPG_BIN/pg_ctl" -D "$SGPG_DIR/data" -l "$SGPG_DIR/server.log" \
                -o "-p $SGPG_PORT" -w -t 60 start >/dev/null 2>&1; then
            break
        fi
        # Most likely someone grabbed the port between the probe and the bind: try another.
        sgpg_log "server did not start on port $SGPG_PORT (attempt $attempt)"
        SGPG_PORT=""
    done
    if [[ -z "$SGPG_PORT" ]]; then
        sgpg_log "giving up; server log:"; tail -n 30 "$SGPG_DIR/server.log" >&2 || true
        sgpg_stop; return 1
    fi

    # The tests connect as smartgov/smartgov and create their own databases.
    if ! sgpg_as_owner "$SGPG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SGPG_DIR" -p "$SGPG_PORT" \
            -U postgres -d postgres \
            -c "CREATE ROLE smartgov WITH LOGIN SUPERUSER CREATEDB PASSWORD 'smartgov';" >&2; then
        sgpg_log "could not create role smartgov"
        sgpg_stop; return 1
    fi

    export SMARTGOV_TEST_PG="Host=127.0.0.1;Port=$SGPG_PORT;Username=smartgov;Password=smartgov;Database=postgres"
    sgpg_log "PostgreSQL $("$SGPG_BIN/postgres" -V | awk '{print $3}') up on 127.0.0.1:$SGPG_PORT (dir $SGPG_DIR)"
}

# Stop the server (if any) and delete its temp dir. Safe to call more than once and from traps.
sgpg_stop() {
    [[ -n "$SGPG_DIR" ]] || return 0
    local dir="$SGPG_DIR"
    SGPG_DIR=""
    if [[ -f "$dir/data/postmaster.pid" && -n "$SGPG_BIN" ]]; then
        # immediate: no checkpoint, the data is about to be deleted anyway.
        if ! sgpg_as_owner "$SGPG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1; then
            # Last resort: kill the postmaster we started (its pid is line 1 of postmaster.pid).
            local pid
            pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]]; then kill -9 "$pid" 2>/dev/null || true; sleep 1; fi
        fi
    fi
    rm -rf "$dir"
    SGPG_PORT=""
}

# How to reach the running server by hand (used by ./test.sh --keep-pg and the standalone mode).
sgpg_describe() {
    cat >&2 <<EOF
[pg] SMARTGOV_TEST_PG="$SMARTGOV_TEST_PG"
[pg] psql:  psql "host=127.0.0.1 port=$SGPG_PORT user=smartgov password=smartgov dbname=postgres"
[pg] log:   $SGPG_DIR/server.log
EOF
}

# ---- standalone mode ---------------------------------------------------------------------------
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    sleep_pid=""
    trap '[[ -n "$sleep_pid" ]] && kill "$sleep_pid" 2>/dev/null; sgpg_stop' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    sgpg_start
    sgpg_describe
    if [[ $# -gt 0 ]]; then
        # Run the command with the server up; the EXIT trap removes the server afterwards.
        set +e; "$@"; rc=$?; set -e
        exit "$rc"
    fi
    printf '[pg] export SMARTGOV_TEST_PG="%s"\n' "$SMARTGOV_TEST_PG" >&2
    printf '[pg] running; press Ctrl-C to stop and delete it.\n' >&2
    # Sleep in the background and wait, so Ctrl-C / TERM interrupt immediately and run the traps
    # (which also end this sleep).
    while true; do sleep 3600 & sleep_pid=$!; wait "$sleep_pid" || true; done
fi
