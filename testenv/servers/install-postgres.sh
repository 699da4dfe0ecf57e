#!/usr/bin/env bash
# PostgreSQL 15 for the credential proofs (e2e/real-postgres.e2e.test.ts, `make demo ARGS=--real-servers`): Debian
# bookworm's own postgresql-15 and postgresql-client-15, from apt, into /usr/lib/postgresql/15/bin (the path
# testenv/servers/postgres.ts runs them from). A no-op when they are there.
#
# The tests start throwaway servers of their own (initdb once into the cache, copied per server); the cluster Debian
# would create and start on port 5432 at install time is not wanted, so it is turned off before the first install
# (postgresql-common reads createcluster.d, as the official Docker image does it).
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
log() { printf '[servers/postgres] %s\n' "$*" >&2; }

# A no-op when the server and psql run.
if "$bin/postgres" --version >/dev/null 2>&1 && "$bin/initdb" --version >/dev/null 2>&1 &&
  "$bin/psql" --version >/dev/null 2>&1; then
  log "installed: $("$bin/postgres" --version)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "PostgreSQL 15 is missing and installing it needs root: apt-get install postgresql-15 postgresql-client-15"
  exit 1
fi

start=$(date +%s)
if ! dpkg-query -W -f='${Status}' postgresql-common 2>/dev/null | grep -q 'install ok installed'; then
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/aivenator-no-main-cluster.conf
fi
log 'apt-get install postgresql-15 postgresql-client-15'
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-client-15 \
  >/dev/null
"$bin/postgres" --version >/dev/null # installed where the tests look
log "installed $("$bin/postgres" --version) in $(($(date +%s) - start)) s"
