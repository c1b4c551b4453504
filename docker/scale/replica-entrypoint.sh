#!/bin/bash
# Hot standby of db-primary: on the first start (empty data directory) copy
# the primary with pg_basebackup -R (which writes standby.signal and the
# connection to the primary), then start PostgreSQL as the image does; later
# starts resume streaming from where the standby stopped.
set -euo pipefail

: "${PRIMARY_HOST:=db-primary}"
: "${PRIMARY_PORT:=5432}"
export PGPASSWORD="${POSTGRES_PASSWORD}"

until pg_isready -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$POSTGRES_USER" -q; do
    echo "waiting for $PRIMARY_HOST:$PRIMARY_PORT"
    sleep 2
done

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    gosu postgres pg_basebackup \
        --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$POSTGRES_USER" \
        --pgdata="$PGDATA" --wal-method=stream --write-recovery-conf \
        --checkpoint=fast --progress
fi

exec docker-entrypoint.sh postgres -c hot_standby=on -c jit=off "$@"
