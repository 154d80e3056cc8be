#!/bin/bash
# The streaming replica: seeded once by pg_basebackup from the primary (with a replication slot,
# so the primary keeps the WAL it needs), then started as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres-primary -U botswarm; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup -h postgres-primary -U replicator -D "$PGDATA" -X stream -R -C -S replica_1 --no-password
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
