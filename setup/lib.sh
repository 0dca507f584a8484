# shellcheck shell=bash
# Shared by setup/run and setup/test: find or prepare everything Customer Zone
# needs, without ever downloading or building Odoo itself.

set -euo pipefail

CZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CZ_VENV="${CZ_VENV:-$CZ_ROOT/.venv}"
CZ_PY="$CZ_VENV/bin/python"
ODOO_PATH="${ODOO_PATH:-/opt/odoo}"
# The one list of our addons: Odoo's -i/-u lists, the default test tags,
# pylint's arguments, db_ready's query and the static checks derive from it.
CZ_ADDONS=(customer_zone customer_zone_payment customer_zone_helpdesk
    customer_zone_purchase customer_zone_project customer_zone_stock)
# The addons a business without purchase, project or inventory installs: the
# test command also installs and tests them alone (the bridges to those
# applications install themselves only beside them, auto_install).
# shellcheck disable=SC2034
CZ_LEAN_ADDONS=(customer_zone customer_zone_payment customer_zone_helpdesk)
# The Odoo applications the bridges need, none of which the lean run may
# install.
# shellcheck disable=SC2034
CZ_BRIDGED_APPS="purchase project stock"
# payment_demo: the test provider the demo and the payment tests use.
# shellcheck disable=SC2034
CZ_EXTRA_MODULES="payment_demo"
CZ_VENV_ARGS=()
# The fonts: Debian's wkhtmltopdf (unpatched Qt) embeds only fonts installed on
# the system, and draws web fonts as outlines (about 880 KB a page); the report
# CSS takes these first (customer_zone/static/src/scss/report_fonts.scss).
CZ_DEBS=(postgresql chromium wkhtmltopdf libldap2-dev libsasl2-dev libpq-dev
    python3-dev python3-venv build-essential fonts-dejavu-core
    fonts-lato fonts-roboto-unhinted fonts-open-sans)

# CZ_ADDONS joined by commas, each name after an optional prefix:
# `cz_addons_csv` for Odoo's -i/-u, `cz_addons_csv /` for its test tags.
cz_addons_csv() {
    local IFS=, names=("${CZ_ADDONS[@]/#/${1:-}}")
    echo "${names[*]}"
}

say() { printf '\033[1m[customer-zone]\033[0m %s\n' "$*"; }
die() {
    printf '\033[1;31m[customer-zone] %s\033[0m\n' "$*" >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

# Debian packages: PostgreSQL, Chromium (tours), wkhtmltopdf (PDF reports) and
# the headers Odoo's Python dependencies build against.
ensure_debs() {
    local missing=() pkg
    for pkg in "${CZ_DEBS[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing Debian packages (${missing[*]}) and no apt-get to install them"
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}

# The Odoo found, as a source tree at ODOO_PATH or as an importable package.
# Sets ODOO_KIND (source|package) and ODOO_CMD; returns 1 when there is none.
find_odoo() {
    ODOO_KIND=""
    if [ -f "$ODOO_PATH/odoo/release.py" ] && [ -d "$ODOO_PATH/addons" ]; then
        grep -q "^version_info = (19," "$ODOO_PATH/odoo/release.py" || return 1
        ODOO_KIND=source
        return 0
    fi
    local py="$CZ_PY"
    [ -x "$py" ] || py="$(command -v python3)"
    if "$py" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; then
        ODOO_KIND=package
        # an Odoo installed outside the venv: let the venv see it
        [ "$py" = "$CZ_PY" ] || CZ_VENV_ARGS=(--system-site-packages)
        return 0
    fi
    return 1
}

odoo_missing_line() {
    echo "no Odoo 19 found at ODOO_PATH=$ODOO_PATH (nor an importable odoo); set ODOO_PATH to an Odoo 19 Community source tree"
}

# requirements the venv was last built from, to skip pip on later runs.
_venv_stamp() {
    {
        cat "$CZ_ROOT/setup/requirements.txt" "$CZ_ROOT/setup/constraints.txt"
        [ "$ODOO_KIND" = source ] && cat "$ODOO_PATH/requirements.txt"
        echo "$ODOO_KIND"
    } | sha256sum | cut -d' ' -f1
}

# The project's virtual environment: Odoo's Python dependencies (from the Odoo
# found), the OCA addons we build on and our tools, all pinned.
ensure_venv() {
    local stamp_file="$CZ_VENV/.customer-zone-stamp" stamp
    stamp="$(_venv_stamp)"
    if [ -x "$CZ_PY" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    local python
    python="$(command -v python3)"
    "$python" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' ||
        die "Python 3.10 to 3.12 is needed, found $("$python" --version)"
    [ -x "$CZ_PY" ] || {
        say "creating the virtual environment in $CZ_VENV"
        "$python" -m venv "${CZ_VENV_ARGS[@]}" "$CZ_VENV"
    }
    # cbor2 (an Odoo pin) builds from source with pkg_resources: setuptools<70.
    export PIP_CONSTRAINT="$CZ_ROOT/setup/constraints.txt"
    local pip=("$CZ_PY" -m pip install -q --disable-pip-version-check)
    if [ "$ODOO_KIND" = source ]; then
        say "installing Odoo's Python dependencies from $ODOO_PATH/requirements.txt"
        "${pip[@]}" -r "$ODOO_PATH/requirements.txt"
    fi
    say "installing Customer Zone's tools and OCA addons (setup/requirements.txt)"
    "${pip[@]}" -r "$CZ_ROOT/setup/requirements.txt"
    # OCA wheels require the 'odoo' distribution, which is no pip package here.
    "${pip[@]}" --no-deps -r "$CZ_ROOT/setup/requirements-oca.txt"
    unset PIP_CONSTRAINT
    echo "$stamp" >"$CZ_VENV/.customer-zone-stamp"
}

# addons path: Odoo's addons, the OCA wheels' folder, then this repository.
odoo_addons_path() {
    local oca
    oca="$("$CZ_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons"
    if [ "$ODOO_KIND" = source ]; then
        echo "$ODOO_PATH/addons,$oca,$CZ_ROOT"
    else
        echo "$oca,$CZ_ROOT"
    fi
}

# Run Odoo from the venv, whichever way it was found.
odoo_bin() {
    if [ "$ODOO_KIND" = source ]; then
        PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}" "$CZ_PY" -m odoo "$@"
    else
        "$CZ_PY" -m odoo "$@"
    fi
}

# A PostgreSQL the current user can create databases in: start the local
# cluster and create the role when needed; never ask the user to do it.
ensure_postgres() {
    if psql -d postgres -Atqc "select 1" >/dev/null 2>&1; then
        return 0
    fi
    local version
    version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -1)"
    [ -n "$version" ] || die "PostgreSQL is not installed"
    if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
        say "creating PostgreSQL cluster $version/main"
        as_root pg_createcluster "$version" main >/dev/null
    fi
    local cluster
    cluster="$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')"
    if ! pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
        say "starting PostgreSQL $cluster"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start
    fi
    local user
    user="$(id -un)"
    if ! psql -d postgres -Atqc "select 1" >/dev/null 2>&1; then
        say "creating PostgreSQL role $user"
        as_root su postgres -c "createuser -s '$user'" 2>/dev/null || true
    fi
    psql -d postgres -Atqc "select 1" >/dev/null 2>&1 ||
        die "PostgreSQL does not accept connections for user $user"
}

db_exists() {
    [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# Whether a database has the Customer Zone addons installed (a finished set-up).
db_ready() {
    db_exists "$1" &&
        [ "$(psql -d "$1" -Atqc "select count(*) from ir_module_module
            where name = any(string_to_array('$(cz_addons_csv)', ','))
            and state = 'installed'" 2>/dev/null)" = "${#CZ_ADDONS[@]}" ]
}

# A tool's own venv $1, from the pinned requirements $2, checked by its
# executable $3 ($4 names it in the message): pip is skipped while the
# requirements are unchanged, so later runs need no network.
_ensure_tool_venv() {
    local venv="$1" reqs="$2" exe="$3" what="$4"
    local stamp_file="$venv/.customer-zone-stamp" stamp
    stamp="$(sha256sum "$reqs" | cut -d' ' -f1)"
    if [ -x "$venv/bin/$exe" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    [ -x "$venv/bin/python" ] || {
        say "creating the $what environment in $venv"
        python3 -m venv "$venv"
    }
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$reqs"
    echo "$stamp" >"$stamp_file"
}

# The browser venv (.venv-browser): Playwright, axe-core and pytest for
# tests/browser, pinned in setup/requirements-browser.txt. Kept apart from the
# Odoo venv (Playwright's greenlet pin conflicts with Odoo's).
CZ_BROWSER_VENV="${CZ_BROWSER_VENV:-$CZ_ROOT/.venv-browser}"
ensure_browser_venv() {
    _ensure_tool_venv "$CZ_BROWSER_VENV" "$CZ_ROOT/setup/requirements-browser.txt" \
        python "browser test"
}

# The load test's venv (.venv-load): Locust, pinned in
# setup/requirements-load.txt. Kept apart from the Odoo venv: Locust runs on
# its own gevent and greenlet, which must not replace Odoo's pins.
CZ_LOAD_VENV="${CZ_LOAD_VENV:-$CZ_ROOT/.venv-load}"
ensure_load_venv() {
    _ensure_tool_venv "$CZ_LOAD_VENV" "$CZ_ROOT/setup/requirements-load.txt" \
        locust "load test"
}

# Serve database $1 on a free local port in the background (the browser tests,
# the screenshots): sets CZ_SERVER_PID and CZ_SERVER_URL once /web/health
# answers, or returns 1 (the server's log is in $2).
start_odoo_server() {
    local db="$1" log="$2" port
    port="$("$CZ_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    local addons_path
    addons_path="$(odoo_addons_path)"
    # exec: the pid is Odoo's own, so that stop_odoo_server stops it
    (
        [ "$ODOO_KIND" != source ] || export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
        exec "$CZ_PY" -m odoo -d "$db" --addons-path="$addons_path" \
            --db-filter="^$db\$" --http-interface=127.0.0.1 --http-port="$port" \
            --workers=0 --max-cron-threads=0 --log-level=warn
    ) >"$log" 2>&1 &
    CZ_SERVER_PID=$!
    CZ_SERVER_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 120); do
        curl -fs "$CZ_SERVER_URL/web/health" >/dev/null 2>&1 && return 0
        kill -0 "$CZ_SERVER_PID" 2>/dev/null || return 1
        sleep 1
    done
    return 1
}

stop_odoo_server() {
    [ -n "${CZ_SERVER_PID:-}" ] || return 0
    kill "$CZ_SERVER_PID" 2>/dev/null || true
    wait "$CZ_SERVER_PID" 2>/dev/null || true
    CZ_SERVER_PID=""
}
