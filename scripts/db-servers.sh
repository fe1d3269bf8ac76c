#!/usr/bin/env bash
# Throwaway PostgreSQL and MariaDB servers on loopback for the live connector tests.
#   scripts/db-servers.sh start   # idempotent; installs nothing (see .ci/run for apt-get)
#   scripts/db-servers.sh stop
#   scripts/db-servers.sh env     # prints the URLs tests use
# Data lives under $KTX_DB_BASE (default /tmp/ktx-dbservers). Servers trust loopback connections.
set -euo pipefail
BASE=${KTX_DB_BASE:-/tmp/ktx-dbservers}
PG_PORT=${KTX_PG_PORT:-55432}
MY_PORT=${KTX_MYSQL_PORT:-33306}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }

pg_start() {
  [ -n "$PGBIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  mkdir -p "$BASE/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$BASE/pg"
  if [ ! -f "$BASE/pg/data/PG_VERSION" ]; then
    as_postgres "$PGBIN/initdb -D $BASE/pg/data --username=postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  if ! as_postgres "$PGBIN/pg_ctl -D $BASE/pg/data status" >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl -D $BASE/pg/data -o '-p $PG_PORT -k $BASE/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off' -l $BASE/pg/log -w start" >/dev/null
  fi
}

my_alive() { mariadb-admin -S "$BASE/mysql/mysqld.sock" -uroot ping >/dev/null 2>&1; }

my_start() {
  command -v mariadbd >/dev/null || { echo "MariaDB server not found (apt-get install mariadb-server)" >&2; return 1; }
  mkdir -p "$BASE/mysql"
  [ "$(id -u)" = 0 ] && chown mysql:mysql "$BASE/mysql"
  if [ ! -d "$BASE/mysql/data/mysql" ]; then
    mariadb-install-db --user=mysql --datadir="$BASE/mysql/data" --skip-test-db --auth-root-authentication-method=normal >/dev/null 2>&1
  fi
  if ! my_alive; then
    (mariadbd --user=mysql --datadir="$BASE/mysql/data" --port="$MY_PORT" --bind-address=127.0.0.1 \
      --socket="$BASE/mysql/mysqld.sock" --pid-file="$BASE/mysql/mysqld.pid" --log-error="$BASE/mysql/err.log" \
      --max-connections=300 --innodb-flush-log-at-trx-commit=0 >/dev/null 2>&1 &)
    for _ in $(seq 1 120); do my_alive && break; sleep 0.5; done
    my_alive || { echo "MariaDB did not start; see $BASE/mysql/err.log" >&2; return 1; }
  fi
  mariadb -S "$BASE/mysql/mysqld.sock" -uroot -e "CREATE USER IF NOT EXISTS 'ktx'@'127.0.0.1' IDENTIFIED BY 'ktx'; GRANT ALL ON *.* TO 'ktx'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
}

case "${1:-start}" in
  start) pg_start; my_start ;;
  stop)
    [ -n "$PGBIN" ] && as_postgres "$PGBIN/pg_ctl -D $BASE/pg/data -m fast stop" >/dev/null 2>&1 || true
    [ -f "$BASE/mysql/mysqld.pid" ] && kill "$(cat "$BASE/mysql/mysqld.pid")" 2>/dev/null || true ;;
  env) ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 64 ;;
esac
echo "KTX_TEST_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "KTX_TEST_MYSQL_URL=mysql://ktx:ktx@127.0.0.1:$MY_PORT/mysql"
