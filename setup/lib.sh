# shellcheck shell=bash
# Shared functions of setup/demo, setup/test and setup/lint. Source it, then call
# advisory_prepare: it makes sure Debian packages, the Odoo source, the virtualenv,
# the database server and the Odoo configuration are in place, and reuses whatever
# is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADVISORY_CACHE="${ADVISORY_CACHE:-$HOME/.cache/advisory}"
LOCAL="$ROOT/.local"                      # git-ignored: cluster, filestore, configs, logs
ODOO_BRANCH=18.0
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
# the addons setup/ installs (the bridges advisory_risk_feedback,
# advisory_relationship_feedback and advisory_relationship_analytic install themselves
# with them: Odoo's analytic comes with project, a dependency of advisory_client_mgmt)
ADDONS="advisory_client_mgmt,advisory_risk_rating,advisory_feedback,advisory_dashboard,advisory_relationship"
ADDON_COUNT="$(echo "$ADDONS" | tr ',' '\n' | wc -l)"
DB_ROLE="${ADVISORY_DB_ROLE:-advisory}"

log() { printf '\033[1;34m[advisory]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[advisory] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "Need root to run: $* (install sudo, or run it as root once)."
    fi
}

# --- 1. Debian packages -------------------------------------------------------
DEBIAN_PACKAGES=(postgresql-15 postgresql-client-15 libpq-dev libldap2-dev libsasl2-dev
                 python3-venv python3-dev build-essential git wkhtmltopdf
                 fonts-wqy-zenhei  # Chinese glyphs for wkhtmltopdf and Chromium (see README)
                 poppler-utils     # pdftotext: the tests read the text of the PDFs
                 chromium)         # chromium: browser tours (Odoo drives it headless)

ensure_debian_packages() {
    command -v dpkg-query >/dev/null 2>&1 || { log "not a Debian system: skipping system packages"; return; }
    local missing=() p
    for p in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- 2. Odoo source (contract of shared/ODOO_RUNTIME.md) -------------------------
find_odoo_src() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -x "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC holds no odoo-bin: point it at an Odoo 18.0 source tree."
    elif [ -f "$ADVISORY_CACHE/odoo-$ODOO_BRANCH/odoo-bin" ]; then
        ODOO_SRC="$ADVISORY_CACHE/odoo-$ODOO_BRANCH"
    else
        log "no Odoo source found: cloning $ODOO_GIT_URL ($ODOO_BRANCH) into $ADVISORY_CACHE/odoo-$ODOO_BRANCH"
        mkdir -p "$ADVISORY_CACHE"
        rm -rf "$ADVISORY_CACHE/odoo-$ODOO_BRANCH.tmp"
        if git clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT_URL" "$ADVISORY_CACHE/odoo-$ODOO_BRANCH.tmp"; then
            mv "$ADVISORY_CACHE/odoo-$ODOO_BRANCH.tmp" "$ADVISORY_CACHE/odoo-$ODOO_BRANCH"
            ODOO_SRC="$ADVISORY_CACHE/odoo-$ODOO_BRANCH"
        else
            rm -rf "$ADVISORY_CACHE/odoo-$ODOO_BRANCH.tmp"
            die "Could not get the Odoo $ODOO_BRANCH source. Put an Odoo $ODOO_BRANCH source tree (the folder holding odoo-bin) at $ADVISORY_CACHE/odoo-$ODOO_BRANCH, or set ODOO_SRC to its path."
        fi
    fi
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    export ODOO_SRC
}

# --- 3. virtualenv -------------------------------------------------------------
find_python() {
    local py
    for py in "${PYTHON:-}" python3.11 python3.12 python3.10 python3; do
        [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 || continue
        if "$py" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))'; then
            PYTHON="$(command -v "$py")"; return
        fi
    done
    die "Odoo 18 needs Python 3.10 to 3.12; set PYTHON to such an interpreter."
}

pip_quiet() {  # pip install, without the warnings about missing local index folders
    "$VENV/bin/pip" install -q "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

ensure_venv() {
    find_python
    local key
    key=$( { "$PYTHON" -VV; echo "$ODOO_SRC"; cat "$ODOO_SRC/requirements.txt" "$ROOT/setup/requirements.txt" \
             "$ROOT/setup/build-constraints.txt"; } | sha256sum | cut -c1-16)
    VENV="${ADVISORY_VENV:-$ADVISORY_CACHE/venv-$key}"
    if [ -f "$VENV/.advisory-ready" ]; then
        return
    fi
    log "building the virtualenv $VENV (first run only: a few minutes)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    # setuptools<70 in the build environments of old sdists and in the venv itself
    # (needed by the compat editable install of Odoo); both variables for old and new pip.
    export PIP_CONSTRAINT="$ROOT/setup/build-constraints.txt" PIP_BUILD_CONSTRAINT="$ROOT/setup/build-constraints.txt"
    pip_quiet --upgrade "pip==25.2" "setuptools<70" wheel
    pip_quiet -r "$ODOO_SRC/requirements.txt"
    # compat mode: a plain editable install is shadowed by the OCA wheels' odoo/addons folder
    # (pip refuses a build constraint together with --no-build-isolation)
    (unset PIP_BUILD_CONSTRAINT; pip_quiet --no-build-isolation --no-deps -e "$ODOO_SRC" \
        --config-settings editable_mode=compat)
    pip_quiet -r "$ROOT/setup/requirements.txt"
    unset PIP_CONSTRAINT PIP_BUILD_CONSTRAINT
    "$VENV/bin/python" -c 'import os, odoo.tools, odoo.addons
assert all(any(os.path.isdir(os.path.join(p, name)) for p in odoo.addons.__path__)
           for name in ("base", "base_tier_validation", "report_xlsx"))' \
        || die "the virtualenv $VENV is broken: odoo or the OCA addons do not import"
    touch "$VENV/.advisory-ready"
}

# --- 4. database server ----------------------------------------------------------
free_port() {  # first free TCP port on 127.0.0.1 from $1 upwards
    "$PYTHON" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while True:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            port += 1
            continue
    print(port)
    break
PY
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
    die "PostgreSQL server binaries (initdb) not found: install postgresql-15."
}

# run a command as the OS user owning the private cluster (initdb refuses root)
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_OSUSER" -- "$@"; else "$@"; fi
}

# What a production server on SSD storage is given too (README, "Scaling past one
# machine"): a random read costs about a sequential one when the data is on SSD or
# cached (PostgreSQL's default, 4, is for spinning disks); and shared buffers that
# hold a benchmark database (0.9 GB for 100,000 clients): with the default 128 MB
# its pages live in the OS cache, which a virtual machine's memory reclaimer
# empties between runs, and every request reads them from disk again
# (a quarter of the memory on a smaller machine)
PG_SHARED_BUFFERS_MB="$(awk '/^MemTotal:/ { mb = int($2 / 4096); print (mb < 1024 ? mb : 1024) }' /proc/meminfo 2>/dev/null || true)"
PG_TUNING="-c random_page_cost=1.1 -c shared_buffers=${ADVISORY_PG_SHARED_BUFFERS:-${PG_SHARED_BUFFERS_MB:-128}MB}"

ensure_embedded_cluster() {
    local bindir; bindir="$(pg_bindir)"
    PG_OSUSER="$(id -un)"
    PGDIR="$LOCAL/pg"
    if [ "$(id -u)" -eq 0 ]; then
        PG_OSUSER="${ADVISORY_PG_OSUSER:-postgres}"
        id "$PG_OSUSER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OSUSER"
        # the cluster's user must reach the project folder; when it cannot (a checkout under
        # a private home), keep the cluster in a folder named after the checkout instead.
        mkdir -p "$LOCAL"
        if ! runuser -u "$PG_OSUSER" -- test -x "$LOCAL"; then
            PGDIR="/var/tmp/advisory-pg-$(echo "$ROOT" | sha256sum | cut -c1-12)"
            log "the user $PG_OSUSER cannot enter $ROOT: private cluster in $PGDIR"
        fi
    fi
    mkdir -p "$PGDIR"
    [ "$(id -u)" -eq 0 ] && chown "$PG_OSUSER" "$PGDIR" && chmod 700 "$PGDIR"
    local data="$PGDIR/data" pwfile="$PGDIR/role-password"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "creating the private PostgreSQL cluster in $data"
        as_pg "$bindir/initdb" -D "$data" --auth-local=peer --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        PGPORT_EMBEDDED="$(free_port "${ADVISORY_PG_PORT:-55432}")"
        as_pg "$bindir/pg_ctl" -D "$data" -l "$PGDIR/server.log" -w -t 60 start \
            -o "-p $PGPORT_EMBEDDED -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off $PG_TUNING" >/dev/null \
            || die "the private PostgreSQL did not start: see $PGDIR/server.log"
        EMBEDDED_STARTED=1
    fi
    PGPORT_EMBEDDED="$(head -4 "$data/postmaster.pid" | tail -1)"
    local psql=(as_pg "$bindir/psql" -h "$PGDIR" -p "$PGPORT_EMBEDDED" -d postgres -qtA -v ON_ERROR_STOP=1)
    if [ ! -s "$pwfile" ]; then
        "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))' > "$pwfile"
        chmod 600 "$pwfile"
    fi
    local pw; pw="$(cat "$pwfile")"
    if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_ROLE'")" ]; then
        "${psql[@]}" -c "CREATE ROLE \"$DB_ROLE\" LOGIN CREATEDB PASSWORD '$pw'"
    fi
    DB_HOST=127.0.0.1 DB_PORT="$PGPORT_EMBEDDED" DB_USER="$DB_ROLE" DB_PASSWORD="$pw"
    PG_BINDIR="$bindir"
}

stop_embedded_cluster() {  # only the run that started it, and only when nobody else uses it
    [ "${EMBEDDED_STARTED:-0}" = 1 ] || return 0
    local others
    others="$(as_pg "$PG_BINDIR/psql" -h "$PGDIR" -p "$PGPORT_EMBEDDED" -d postgres -qtA -c \
        "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()" 2>/dev/null || echo 0)"
    [ "$others" = 0 ] || { log "leaving the private PostgreSQL running: $others other connection(s)"; return 0; }
    log "stopping the private PostgreSQL cluster"
    as_pg "$PG_BINDIR/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null || true
}

ensure_database_server() {
    # An external server: PG* variables, or a file of them (default setup/db.env, git-ignored).
    local dbenv="${ADVISORY_DB_ENV:-$ROOT/setup/db.env}"
    # shellcheck disable=SC1090
    [ -f "$dbenv" ] && { set -a; . "$dbenv"; set +a; }
    if [ -n "${PGHOST:-}" ]; then
        DB_HOST="$PGHOST" DB_PORT="${PGPORT:-5432}" DB_USER="${PGUSER:-$(id -un)}" DB_PASSWORD="${PGPASSWORD:-False}"
        [ "$DB_USER" = postgres ] && die "Odoo refuses to connect as the postgres role: set PGUSER to a role with LOGIN CREATEDB."
        log "using the PostgreSQL server at $DB_HOST:$DB_PORT as $DB_USER"
        EXTERNAL_DB=1
    else
        ensure_embedded_cluster
        EXTERNAL_DB=0
    fi
}

# --- 5. odoo.conf ----------------------------------------------------------------
write_odoo_conf() {  # write_odoo_conf FILE HTTP_PORT
    local conf="$1" port="$2"
    mkdir -p "$LOCAL/data" "$(dirname "$conf")"
    cat > "$conf" <<CONF
; written by setup/ on each run: edit setup/lib.sh, not this file
[options]
addons_path = $ODOO_SRC/addons,$ROOT
data_dir = $LOCAL/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
http_interface = 127.0.0.1
http_port = $port
gevent_port = $(( port + 3 ))
admin_passwd = $(cat "$LOCAL/admin-passwd" 2>/dev/null || { "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))' | tee "$LOCAL/admin-passwd"; })
list_db = False
CONF
    chmod 600 "$conf"
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }

db_exists() {  # db_exists NAME
    PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qtA \
        -c "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

drop_db() {
    PGPASSWORD="$DB_PASSWORD" dropdb --if-exists -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$1"
    rm -rf "$LOCAL/data/filestore/$1"
}

advisory_prepare() {
    mkdir -p "$LOCAL"
    ensure_debian_packages
    find_odoo_src
    ensure_venv
    ensure_database_server
}
