"""Planner statistics of the tables the crons fill in bulk.

PostgreSQL plans every statement on the statistics ANALYZE last gathered,
and autovacuum gathers them again only after the transaction that changed
the table has committed. A cron that fills a table and then joins it in the
same transaction (the first detection of lost services, the first snapshots
of a live database) would plan its next statements on a table PostgreSQL
believes empty: nested loops over hundreds of thousands of rows, minutes
instead of seconds. :func:`analyze_if_stale` refreshes them at once, past
the threshold autovacuum itself uses.
"""

from odoo.tools import SQL

# autovacuum's defaults: autovacuum_analyze_threshold and
# autovacuum_analyze_scale_factor
ANALYZE_THRESHOLD = 50
ANALYZE_SCALE_FACTOR = 0.1


def analyze_if_stale(env, table, changed):
    """ANALYZE ``table`` when ``changed`` rows (inserted or updated by this
    transaction) exceed 50 plus 10 % of the rows its statistics know of.
    Returns whether it did; ANALYZE reads a sample of the table."""
    if changed <= ANALYZE_THRESHOLD:
        return False
    env.cr.execute(
        SQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", table)
    )
    known = max(env.cr.fetchone()[0], 0)  # -1: never analyzed
    if changed <= ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * known:
        return False
    env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return True
