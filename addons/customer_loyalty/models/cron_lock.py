"""Row locks shared by the crons of the addon (crash-safe crons).

Odoo runs a scheduled action in one worker at a time (the ``ir_cron`` row is
locked while it runs), and each call of a cron method handles one batch that
the cron runner commits. These helpers keep the batches safe when the same
work is reached by two transactions anyway (a manual "Run Manually" while the
worker runs, two cron workers on two databases' copies of a job, ...): the
records of a batch are locked with ``SKIP LOCKED``, so another transaction
leaves them to the one that holds them, and, under Odoo's REPEATABLE READ
isolation, locking a record another transaction changed and committed meanwhile
fails with a serialization error (the cron is retried), never doing the work
twice.
"""

from odoo.tools import SQL


def lock_skip_locked(records):
    """The records of ``records`` this transaction could lock, skipping those
    locked by another transaction."""
    if not records:
        return records
    records.env.flush_all()
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id"
            " FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            records.ids,
        )
    )
    locked = {row[0] for row in records.env.cr.fetchall()}
    return records.filtered(lambda r: r.id in locked)


def lock_marker(env, key):
    """Lock the ``ir.config_parameter`` row ``key`` (the "last run" marker of
    an incremental cron), creating it when missing. False when another
    transaction holds it: that transaction is doing the same work."""
    env.flush_all()
    cr = env.cr
    cr.execute(
        SQL(
            "SELECT id FROM ir_config_parameter WHERE key = %s"
            " FOR NO KEY UPDATE SKIP LOCKED",
            key,
        )
    )
    if cr.fetchone():
        return True
    cr.execute(SQL("SELECT 1 FROM ir_config_parameter WHERE key = %s", key))
    if cr.fetchone():
        return False  # it exists and another transaction holds it
    # first run: the marker does not exist yet; whoever gets this lock creates it
    cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", key))
    if not cr.fetchone()[0]:
        return False
    cr.execute(
        SQL(
            "INSERT INTO ir_config_parameter (key, value, create_uid, create_date,"
            " write_uid, write_date) VALUES (%s, '', %s, now() at time zone 'UTC',"
            " %s, now() at time zone 'UTC') ON CONFLICT (key) DO NOTHING",
            key,
            env.uid,
            env.uid,
        )
    )
    return True


def rows_deleted_since(env, key, tables):
    """Whether rows were deleted from ``tables`` since the last call with
    ``key`` (an ``ir.config_parameter`` holding the count seen then), and the
    count to store once the deletions are handled: ``(changed, count)``.

    A reporting table finds the months of deleted source rows by counting the
    source rows of every month (the whole table: a million tickets at each
    run), for deletions that are rare. PostgreSQL counts the rows deleted from
    each table (its statistics, committed ones and this transaction's): the
    count is only made when that number moved. Any difference, a reset of the
    statistics included, makes it count; a deletion not yet in the statistics
    is found at the next run."""
    env.cr.execute(
        SQL(
            "SELECT sum(pg_stat_get_tuples_deleted(t::regclass)"
            " + pg_stat_get_xact_tuples_deleted(t::regclass))::bigint"
            " FROM unnest(%s::text[]) t",
            list(tables),
        )
    )
    count = str(env.cr.fetchone()[0])
    return env["ir.config_parameter"].sudo().get_param(key) != count, count
