from odoo import models
from odoo.tools import SQL
from odoo.tools.query import Query


class HelpdeskTicket(models.Model):
    """Searches on the stage's fields (open tickets, ``closed``,
    ``stage_id.closed``) with the stages' ids.

    The ORM turns a condition on a stage field into ``stage_id IN (SELECT id
    FROM helpdesk_ticket_stage WHERE ...)``. PostgreSQL cannot tell how many
    tickets that subquery keeps, assumes half of them and reads the whole
    ticket table (a million rows for the open tickets of a large helpdesk).
    With the ids of the few stages it matches (one small query, memoized by
    the ORM for the rest of the search), it counts the tickets of each stage
    from its column statistics and reads only the open ones through the stage
    index.

    "Open" (``closed = False``, the default filter of every ticket view) also
    keeps the tickets without a stage: ``stage_id IN (...) OR stage_id IS
    NULL``, which no index condition can serve, so the kanban's count per
    stage read the whole stage index. A ticket has a stage as soon as its
    team has one: when no ticket of the user's companies lacks one (an index
    probe), the second half is left out and PostgreSQL reads only the entries
    of the open stages.
    """

    _inherit = "helpdesk.ticket"

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if fname == "stage_id":
            if (
                operator in ("in", "not in")
                and isinstance(value, Query)
                and value.table == "helpdesk_ticket_stage"
            ):
                value = value.get_result_ids()
            elif (
                operator == "="
                and value is False
                and not self._has_tickets_without_stage()
            ):
                return SQL("FALSE")
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _has_tickets_without_stage(self):
        """Whether a ticket the user may see (of the user's companies or of
        none) has no stage."""
        self.flush_model(["stage_id", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM helpdesk_ticket WHERE stage_id IS NULL%s LIMIT 1",
                SQL(
                    " AND (company_id IS NULL OR company_id = ANY(%s))",
                    self.env.companies.ids,
                )
                if not self.env.su
                else SQL(),
            )
        )
        return bool(self.env.cr.fetchone())
