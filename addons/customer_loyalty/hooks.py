"""Install hooks: adopt the customers and tickets of a database already in use.

Companies install the addon into an Odoo that already holds customers and
tickets. Every step is one set-based SQL statement, so that the install stays
fast with a million tickets (the ORM would recompute the new stored fields
record by record).
"""

import logging
import time

from odoo.models import MetaModel
from odoo.tools import SQL

from .models.helpdesk_ticket_indexes import drop_ticket_indexes

_logger = logging.getLogger(__name__)

# host records the addon ships that outlive it: the surveys customers answered
# (with their questions and choices), the ticket channels tickets point to and
# the business records of the demo data (customers, products, teams) that
# invoices and tickets point to
KEPT_MODELS = (
    "survey.survey",
    "survey.question",
    "survey.question.answer",
    "helpdesk.ticket.channel",
    "res.partner",
    "product.category",
    "product.template",
    "product.product",
    "helpdesk.ticket.team",
)
KEPT_MODULE = "__customer_loyalty_kept__"


def pre_init_hook(env):
    """Create the computed columns beforehand: the ORM then leaves them to
    ``post_init_hook`` instead of computing them ticket by ticket. Existing
    tickets have no intake template, follow-up, survey nor contact type yet,
    so the other computed columns start at their empty values. The counters
    get their default from the column (instant) instead of an UPDATE of every
    ticket by the ORM.

    On a reinstall, take back the surveys and channels kept by the uninstall
    instead of creating them twice."""
    env.cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = 'customer_loyalty' WHERE module = %s",
            KEPT_MODULE,
        )
    )
    for column, column_type, value in _install_columns():
        env.cr.execute(
            SQL(
                "ALTER TABLE helpdesk_ticket ADD COLUMN IF NOT EXISTS %s %s%s",
                SQL.identifier(column),
                SQL(column_type),
                SQL(" DEFAULT %s", value) if value is not None else SQL(),
            )
        )


def _install_columns():
    """``(column, SQL type, value)`` of the ticket columns created before the
    install: each ticket class of the addon lists in ``_install_values`` the
    stored fields it computes whose value is known for an existing ticket;
    the type is the one of the field's declaration."""
    for cls in MetaModel.module_to_models["customer_loyalty"]:
        values = vars(cls).get("_install_values")
        if not values or "helpdesk.ticket" not in cls._inherit:
            continue
        declared = {field.name: field for field in cls._field_definitions}
        for name, value in values.items():
            yield name, declared[name].column_type[1], value


def post_init_hook(env):
    started = time.monotonic()
    standard = env.ref("customer_loyalty.segment_standard")
    cr = env.cr
    env.flush_all()
    # Every company starts new customers in Standard.
    cr.execute(
        SQL(
            "UPDATE res_company SET default_customer_segment_id = %s"
            " WHERE default_customer_segment_id IS NULL",
            standard.id,
        )
    )
    # Commercial partners that are customers (they were invoiced or have a
    # ticket) start in Standard, with a history period from today.
    cr.execute(
        SQL(
            """
            WITH customers AS (
                SELECT p.id
                  FROM res_partner p
                 WHERE p.id = p.commercial_partner_id
                   AND p.active
                   AND p.customer_segment_id IS NULL
                   AND (p.customer_rank > 0
                        OR EXISTS (SELECT 1 FROM helpdesk_ticket t
                                    WHERE t.commercial_partner_id = p.id))
            ), updated AS (
                UPDATE res_partner p SET customer_segment_id = %(segment)s
                  FROM customers c WHERE p.id = c.id
             RETURNING p.id, p.company_id
            )
            INSERT INTO customer_segment_history
                (partner_id, segment_id, date_from, company_id,
                 create_uid, create_date, write_uid, write_date)
            SELECT u.id, %(segment)s, (now() at time zone 'UTC')::date, u.company_id,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM updated u
            """,
            segment=standard.id,
            uid=env.uid,
        )
    )
    # Contacts show their company's segment.
    cr.execute(
        SQL(
            """
            UPDATE res_partner c SET customer_segment_id = p.customer_segment_id
              FROM res_partner p
             WHERE c.commercial_partner_id = p.id
               AND c.id != p.id
               AND p.customer_segment_id IS NOT NULL
               AND c.customer_segment_id IS DISTINCT FROM p.customer_segment_id
            """
        )
    )
    # Existing tickets get their customer's segment and its deadlines.
    cr.execute(
        SQL(
            """
            UPDATE helpdesk_ticket t
               SET customer_segment_id = p.customer_segment_id,
                   response_deadline = CASE WHEN s.response_target_hours > 0
                       THEN t.create_date
                            + s.response_target_hours * interval '1 hour' END,
                   resolution_deadline = CASE WHEN s.resolution_target_hours > 0
                       THEN t.create_date
                            + s.resolution_target_hours * interval '1 hour' END
              FROM res_partner p
              JOIN customer_segment s ON s.id = p.customer_segment_id
             WHERE p.id = t.commercial_partner_id
               AND t.customer_segment_id IS NULL
            """
        )
    )
    tickets = cr.rowcount
    env.invalidate_all()
    _logger.info(
        "customer_loyalty backfill: %s existing tickets given a segment in %.1f s",
        tickets,
        time.monotonic() - started,
    )


def uninstall_hook(env):
    """Leave the business data of the database as it was before the addon.

    - The surveys (and their questions and choices) and ticket channels the
      addon shipped are kept: customers' answers and tickets point to them;
      so are the customers, products and teams of its demo data, which
      invoices and tickets point to.
    - Odoo deletes the addon's records before its tables and columns; the
      restricting foreign keys pointing to the addon's tables (segment
      history, partners and tickets keep their segment with
      ``ondelete="restrict"``) are dropped first (cascading ones stay), so
      that deleting the shipped segments never fails. The columns and tables
      themselves are dropped by Odoo right after.
    - The addon's indexes on the ticket table go, and helpdesk_mgmt's own
      indexes it replaced are created again.
    """
    cr = env.cr
    drop_ticket_indexes(cr)
    # the customers' intake answers go with the addon (their table is dropped):
    # removed first, they never hold back the deletion of the shipped questions
    cr.execute(SQL("DELETE FROM helpdesk_ticket_intake_answer"))
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s"
            " WHERE module = 'customer_loyalty' AND model = ANY(%s)",
            KEPT_MODULE,
            list(KEPT_MODELS),
        )
    )
    tables = sorted(
        {
            model._table
            for model in env.registry.values()
            if model._original_module == "customer_loyalty"
            and not model._abstract
            and model._auto
        }
    )
    cr.execute(
        SQL(
            """
            SELECT c.conrelid::regclass::text, c.conname
              FROM pg_constraint c
             WHERE c.contype = 'f'
               AND c.confdeltype IN ('r', 'a')  -- restrict / no action only
               AND c.confrelid::regclass::text = ANY(%s)
            """,
            tables,
        )
    )
    for table, constraint in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
