from odoo import models
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
    """

    _inherit = "helpdesk.ticket"

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if (
            fname == "stage_id"
            and operator in ("in", "not in")
            and isinstance(value, Query)
            and value.table == "helpdesk_ticket_stage"
        ):
            value = value.get_result_ids()
        return super()._condition_to_sql(alias, fname, operator, value, query)
