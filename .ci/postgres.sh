#!/usr/bin/env bash
# Make a PostgreSQL server available on this machine and print a DATABASE_URL for a fresh,
# empty database. Installs Debian's postgresql package when it is missing. Developers can run
# it too: DATABASE_URL=$(bash .ci/postgres.sh) make test
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
if [ "$status" != "online" ]; then
  log "starting cluster $version/$cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >&2
fi

role=spacecards
password=spacecards
database=spacecards_ci
as_postgres() { su postgres -c "psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 -p $port $*" >&2; }
# CREATEDB: Django's test runner creates (and drops) its own test_ database.
as_postgres "-c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF; END \\\$\\\$;\""
as_postgres "-c 'DROP DATABASE IF EXISTS $database WITH (FORCE)'"
as_postgres "-c 'DROP DATABASE IF EXISTS test_$database WITH (FORCE)'"
as_postgres "-c 'CREATE DATABASE $database OWNER $role'"
echo "postgres://$role:$password@127.0.0.1:$port/$database"
