from odoo import api, fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from .cron_lock import lock_marker


class CustomerMonthlyReport(models.AbstractModel):
    """A reporting table rebuilt month by month, most by an incremental cron.

    :meth:`_delete_months` clears the months a rebuild is about to insert.
    The cron locks its "last run" marker (another worker holding it is
    already doing the work), rebuilds every month the first time, then only
    the months whose source rows were written since the last run, and moves
    the marker to the start of the run. Idempotent: a second run finds
    nothing new. Models define :attr:`_refresh_marker`,
    :meth:`_refresh_months` and :meth:`_changed_months`, and
    :meth:`_deleted_months` when their source rows can be deleted: the
    operational models know nothing of the reporting tables, so the tables
    find the months to rebuild themselves.
    """

    _name = "customer.monthly.report"
    _description = "Monthly Reporting Table"

    # key of the ir.config_parameter holding the start of the last run
    _refresh_marker = None
    # ``{field: (numerator, denominator[, factor])}``: the average of the
    # field over grouped rows is ``factor * sum(numerator) / sum(denominator)``,
    # weighted by the rows' counts, never an average of averages
    _weighted_averages = {}

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, __, func = parse_read_group_spec(aggregate_spec)
            if func == "avg" and fname in self._weighted_averages:
                numerator, denominator, *factor = self._weighted_averages[fname]
                numerator = self._field_to_sql(self._table, numerator, query)
                denominator = self._field_to_sql(self._table, denominator, query)
                if factor:
                    return SQL(
                        "%s * sum(%s) / NULLIF(sum(%s), 0)",
                        factor[0],
                        numerator,
                        denominator,
                    )
                return SQL("sum(%s) / NULLIF(sum(%s), 0)", numerator, denominator)
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _refresh_months(self, months=None):
        """Rebuild the rows of ``months`` (first days of month), or all rows."""
        raise NotImplementedError

    @api.model
    def _changed_months(self, since):
        """First days of the months whose source rows were written since
        ``since``."""
        raise NotImplementedError

    @api.model
    def _deleted_months(self):
        """First days of the months whose source rows were deleted since they
        were added up (a deletion leaves no write date behind): found by
        comparing the table with its source, set-based. None by default."""
        return []

    @api.model
    def _delete_months(self, months):
        """Delete the rows of ``months`` (first days of month), or all rows
        when ``months`` is None, before they are inserted again. Return the
        months sorted, or None for all."""
        table = SQL.identifier(self._table)
        if months is None:
            self.env.cr.execute(SQL("DELETE FROM %s", table))
            return None
        months = sorted(set(months))
        self.env.cr.execute(SQL("DELETE FROM %s WHERE month = ANY(%s)", table, months))
        return months

    @api.model
    def _month_of_rows_written_since(self, table, date_expression, since):
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT date_trunc('month', %s)::date FROM %s"
                " WHERE write_date >= %s",
                date_expression,
                SQL.identifier(table),
                since,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _refresh_changed(self):
        """Rebuild the months changed since the last run (all of them the
        first time) and move the marker. False when another transaction
        holds the marker: it is doing this work."""
        params = self.env["ir.config_parameter"].sudo()
        if not lock_marker(self.env, self._refresh_marker):
            return False
        # the locked row itself, not the registry cache of the parameters
        self.env.cr.execute(
            SQL(
                "SELECT value, now() at time zone 'UTC' FROM ir_config_parameter"
                " WHERE key = %s",
                self._refresh_marker,
            )
        )
        last, started = self.env.cr.fetchone()
        months = None
        if last:
            months = {*self._changed_months(last), *self._deleted_months()}
        self._refresh_months(months)
        params.set_param(self._refresh_marker, fields.Datetime.to_string(started))
        return True

    @api.model
    def _cron_refresh(self):
        if not self._refresh_changed():
            # another worker is refreshing: it does this run's work
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        self.env["ir.cron"]._notify_progress(done=1, remaining=0)
