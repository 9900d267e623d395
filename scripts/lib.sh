# Helpers shared by scripts/run, scripts/test and friends. Sourced, never executed.
#
# They exist so that both commands behave the same on a fresh Debian machine that has
# nothing but Python 3.11 and pip: the same way to find (or install) uv, the same
# environment, the same way to name a free port.

# A fresh machine has Python 3.11 already; never let uv fetch an interpreter behind our back.
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf '\033[33m!!  %s\033[0m\n' "$*" >&2; }
die() {
    printf '\033[31mxx  %s\033[0m\n' "$*" >&2
    exit 1
}

# UV: the command that runs uv (an array: a binary on PATH, or `python3 -m uv`).
UV=()
ensure_uv() {
    if command -v uv >/dev/null 2>&1; then
        UV=(uv)
        return
    fi
    if python3 -m uv --version >/dev/null 2>&1; then
        UV=(python3 -m uv)
        return
    fi
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed; install Python 3.11 first."
    say "Installing uv with pip (one time)"
    # Debian marks its Python as externally managed (PEP 668); uv is a self-contained
    # binary, so installing it for this user beside the system packages is harmless.
    python3 -m pip install --user --quiet uv 2>/dev/null \
        || python3 -m pip install --user --quiet --break-system-packages uv 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages uv \
        || die "could not install uv with pip; install it yourself: https://docs.astral.sh/uv/"
    python3 -m uv --version >/dev/null 2>&1 || die "uv was installed but 'python3 -m uv' does not run"
    UV=(python3 -m uv)
}

# The locked environment, dev tools included: run and test share one .venv, and a sync
# that dropped the dev group for `run` would only be undone by the next `test`. Inexact:
# the optional LDAP group that `test` adds stays when `run` syncs (no rebuild of python-ldap).
uv_sync() {
    say "Syncing the locked Python environment (.venv)"
    (cd "$ROOT" && "${UV[@]}" sync --frozen --inexact --quiet) || die "uv sync --frozen failed"
}

# A TCP port nobody listens on right now (the kernel picks it; the race is negligible).
free_port() {
    "${PY:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# True while a process exists and is not a zombie (kill -0 succeeds on zombies).
pid_alive() {
    local pid=$1 state
    [[ -r /proc/$pid/status ]] || return 1
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

# Seconds since an $EPOCHREALTIME mark, one decimal.
elapsed_since() {
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'
}

# 1 when HOST is a loopback address (only this machine can reach the server), else 0.
# DEBUG pages show settings, tracebacks and the URL list: they are for loopback only.
is_loopback_host() {
    local host=${1#[}
    host=${host%]}
    case "$host" in
        localhost | ::1 | 127.*) echo 1 ;;
        *) echo 0 ;;
    esac
}

# Debug pages (settings, tracebacks, the URL list on a 404) only where nobody else can
# reach them: on a wildcard or LAN bind DEBUG is off whatever the environment says,
# static files come from WhiteNoise (config/settings/dev.py) and the machine's own names
# are allowed as hosts. Exports DEBUG (and ALLOWED_HOSTS when it was not set).
bind_policy() {
    local host=$1 names address
    if [[ $(is_loopback_host "$host") == 1 ]]; then
        export DEBUG="${DEBUG:-1}"
        return
    fi
    [[ ${DEBUG:-0} =~ ^(0|false|False|no|off|)$ ]] \
        || warn "DEBUG=$DEBUG ignored: debug pages are never served beyond this machine"
    export DEBUG=0
    if [[ -z ${ALLOWED_HOSTS:-} ]]; then
        names="localhost,127.0.0.1,[::1],$(hostname)"
        for address in $(hostname -I 2>/dev/null || true); do names+=",$address"; done
        case "$host" in 0.0.0.0 | "::" | "[::]") ;; *) names+=",$host" ;; esac
        export ALLOWED_HOSTS="$names"
    fi
    say "Listening on $host, reachable from the network: DEBUG is off (debug pages only on 127.0.0.1); allowed hosts: $ALLOWED_HOSTS"
}

# --- A throwaway PostgreSQL cluster (scripts/test, bench/run, the load test) ------------
# start_postgres: initdb + pg_ctl start on a free port in a temporary directory, as an
# unprivileged user when run as root; sets PG_URL (postgres://firstask@127.0.0.1:PORT/
# firstask), PG_BIN, PG_VERSION, PG_PID, PG_TMP. stop_postgres stops it and removes the
# directory (safe to call twice, and after a start that failed half way). Callers set a
# trap that calls stop_postgres.

# The PostgreSQL server binaries live outside PATH on Debian (/usr/lib/postgresql/N/bin).
pg_bindir() {
    local dir
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
        [[ -x $dir/postgres && -x $dir/initdb ]] && echo "$dir" && return 0
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
        [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]] && echo "$dir" && return 0
    done
    return 1
}

as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo "$@"
    else
        return 1
    fi
}

PG_TMP=""
PG_PID=""
PG_AS=()

stop_postgres() {
    [[ -n $PG_TMP ]] || return 0
    # A start that timed out may still have left a running server behind.
    if [[ -z $PG_PID && -f $PG_TMP/data/postmaster.pid ]]; then
        PG_PID=$(head -n 1 "$PG_TMP/data/postmaster.pid")
    fi
    if [[ -n $PG_PID ]] && pid_alive "$PG_PID"; then
        say "Stopping the throwaway PostgreSQL cluster (PID $PG_PID)"
        (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop >/dev/null) \
            || kill -TERM "$PG_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do pid_alive "$PG_PID" || break; sleep 0.1; done
        pid_alive "$PG_PID" && kill -KILL "$PG_PID" 2>/dev/null
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
}

start_postgres() {
    PG_BIN=$(pg_bindir) || {
        warn "no PostgreSQL server binaries found"
        return 1
    }
    PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/firstask-pg.XXXXXX")
    if ((EUID == 0)); then
        # postgres refuses to run as root: run the cluster as an unprivileged user.
        local user=postgres
        if ! id -u "$user" >/dev/null 2>&1; then
            user=firstask-pg
            id -u "$user" >/dev/null 2>&1 \
                || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
        fi
        chown "$user" "$PG_TMP"
        PG_AS=(runuser -u "$user" --)
    fi
    chmod 700 "$PG_TMP"
    local port
    port=$(free_port)
    # cd: the server user may not be allowed into the project directory.
    (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U firstask -A trust \
        -E UTF8 --no-locale --no-sync >"$PG_TMP/initdb.log" 2>&1) || {
        cat "$PG_TMP/initdb.log" >&2
        return 1
    }
    # Durability is pointless for a cluster that lives for one test run.
    (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" \
        -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null) || {
        cat "$PG_TMP/postgres.log" >&2
        return 1
    }
    PG_PID=$(head -n 1 "$PG_TMP/data/postmaster.pid")
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U firstask firstask || return 1
    PG_VERSION=$("$PG_BIN/postgres" --version | awk '{print $3}')
    say "PostgreSQL $PG_VERSION on 127.0.0.1:$port (PID $PG_PID, data in $PG_TMP)"
    PG_URL="postgres://firstask@127.0.0.1:$port/firstask"
}
