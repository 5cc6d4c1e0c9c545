# Shared shell helpers for the project scripts.

apt_install() {
    # Install Debian packages (as root); otherwise say what is missing and fail.
    if [ "$(id -u)" -ne 0 ]; then
        echo "weerbaar: please install these Debian packages: $*" >&2
        return 1
    fi
    if [ -z "${WEERBAAR_APT_UPDATED:-}" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        export WEERBAAR_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bindir() {
    # Print the directory that holds initdb/pg_ctl, or nothing.
    local d
    if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
}
