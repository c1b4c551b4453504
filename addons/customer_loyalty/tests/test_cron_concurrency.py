"""Two workers running the same cron at once do not double the work.

These tests use real, committed transactions (``self.registry.cursor()``),
as two Odoo workers would: what one worker locked is invisible or skipped for
the other. Everything they commit is removed again by the cleanups, and
the cron rows are held locked meanwhile so that no scheduler thread runs them.
"""

from contextlib import contextmanager
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL

SURVEY_CRON = "customer_loyalty.ir_cron_send_ticket_surveys"
ANALYSIS_CRON = "customer_loyalty.ir_cron_refresh_ticket_analysis"
ANALYSIS_KEY = "customer_loyalty.ticket_analysis_refreshed_at"


@tagged("post_install", "-at_install", "slow")
class TestCronConcurrency(TransactionCase):
    @contextmanager
    def worker(self):
        """A transaction of its own, committed when the block ends."""
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '10s'")
            yield api.Environment(cr, SUPERUSER_ID, {})

    def _hold_cron(self, xmlid):
        """Lock the cron row as a running scheduler does, until the test ends."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        self.addCleanup(cr.rollback)
        env = api.Environment(cr, SUPERUSER_ID, {})
        cron = env.ref(xmlid)
        cr.execute(
            SQL("SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE", cron.id)
        )
        return cron.id

    def _create_due_tickets(self, count):
        """Closed tickets of distinct customers, their survey due now, committed;
        removed again at the end of the test."""
        with self.worker() as env:
            survey = env.ref("customer_loyalty.survey_post_resolution")
            segment = env["customer.segment"].create(
                {
                    "name": "Concurrent segment",
                    "code": "CONCURRENT",
                    "sequence": 96,
                    "is_revenue_reviewed": False,
                    "survey_id": survey.id,
                    "survey_send_mode": "delayed",
                    "survey_delay_days": 0,
                }
            )
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Concurrent customer {n}",
                        "is_company": True,
                        "email": f"concurrent{n}@example.com",
                        "customer_segment_id": segment.id,
                    }
                    for n in range(count)
                ]
            )
            closed = env["helpdesk.ticket.stage"].search(
                [("closed", "=", True)], limit=1
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Concurrent ticket {n}",
                        "description": "<p>Two workers</p>",
                        "partner_id": customer.id,
                    }
                    for n, customer in enumerate(customers)
                ]
            )
            tickets.stage_id = closed
            env.flush_all()
            ids = (segment.id, customers.ids, tickets.ids)
        self.addCleanup(self._remove, *ids)
        return ids

    def _remove(self, segment_id, partner_ids, ticket_ids):
        with self.worker() as env:
            cr = env.cr
            cr.execute(
                SQL(
                    "DELETE FROM mail_message WHERE model = 'survey.user_input'"
                    " AND res_id IN (SELECT id FROM survey_user_input"
                    " WHERE ticket_id = ANY(%s))",
                    ticket_ids,
                )
            )
            cr.execute(
                SQL(
                    "DELETE FROM survey_user_input WHERE ticket_id = ANY(%s)",
                    ticket_ids,
                )
            )
            cr.execute(
                SQL(
                    "DELETE FROM mail_message WHERE model = 'helpdesk.ticket'"
                    " AND res_id = ANY(%s)",
                    ticket_ids,
                )
            )
            cr.execute(
                SQL("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", ticket_ids)
            )
            cr.execute(
                SQL(
                    "DELETE FROM customer_segment_history WHERE partner_id = ANY(%s)",
                    partner_ids,
                )
            )
            cr.execute(
                SQL(
                    "DELETE FROM mail_message WHERE model = 'res.partner'"
                    " AND res_id = ANY(%s)",
                    partner_ids,
                )
            )
            cr.execute(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", partner_ids))
            cr.execute(SQL("DELETE FROM customer_segment WHERE id = %s", segment_id))

    def _surveys_of(self, ticket_ids):
        with self.worker() as env:
            env.cr.execute(
                SQL(
                    "SELECT t.id, t.survey_status, count(u.id) FROM helpdesk_ticket t"
                    " LEFT JOIN survey_user_input u ON u.ticket_id = t.id"
                    " WHERE t.id = ANY(%s) GROUP BY t.id, t.survey_status",
                    ticket_ids,
                )
            )
            return {row[0]: row[1:] for row in env.cr.fetchall()}

    def test_a_locked_cron_is_not_started_by_a_second_scheduler(self):
        with self.worker() as env:
            cron = env.ref(SURVEY_CRON)
            previous = cron.nextcall
            cron.nextcall = fields.Datetime.now() - timedelta(minutes=1)
        self.addCleanup(self._restore_nextcall, previous)
        IrCron = type(self.env["ir.cron"])
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            job = IrCron._acquire_one_job(cr_a, self.env.ref(SURVEY_CRON).id)
            self.assertTrue(job, "the first scheduler gets the job")
            self.assertIsNone(
                IrCron._acquire_one_job(cr_b, job["id"]),
                "the second one skips it while the first runs it",
            )
            cr_a.rollback()
            cr_b.rollback()

    def _restore_nextcall(self, previous):
        with self.worker() as env:
            env.ref(SURVEY_CRON).nextcall = previous

    def test_two_workers_sending_surveys_never_send_twice(self):
        self._hold_cron(SURVEY_CRON)
        __, __, ticket_ids = self._create_due_tickets(4)
        with self.worker() as env_a:
            sent_a = env_a["helpdesk.ticket"]._cron_send_satisfaction_surveys(
                batch_size=2
            )
            # worker B starts while A has not committed its batch yet
            with self.worker() as env_b:
                sent_b = env_b["helpdesk.ticket"]._cron_send_satisfaction_surveys(
                    batch_size=2
                )
        self.assertEqual((sent_a, sent_b), (2, 2), "B took the tickets A left")
        with self.worker() as env_c:
            env_c["helpdesk.ticket"]._cron_send_satisfaction_surveys()
        surveys = self._surveys_of(ticket_ids)
        self.assertEqual(
            sorted(surveys.values()), [("sent", 1)] * 4, "one survey per ticket"
        )

    def test_two_workers_refreshing_the_ticket_analysis_do_it_once(self):
        self._hold_cron(ANALYSIS_CRON)
        with self.worker() as env:
            params = env["ir.config_parameter"].sudo()
            previous = params.get_param(ANALYSIS_KEY)
            env.cr.execute(SQL("SELECT count(*) FROM helpdesk_ticket_analysis"))
            was_empty = not env.cr.fetchone()[0]
        self.addCleanup(self._restore_analysis, previous, was_empty)
        self._create_due_tickets(2)
        with self.worker() as env_a:
            env_a["helpdesk.ticket.analysis"]._cron_refresh()
            with self.worker() as env_b:
                env_b["helpdesk.ticket.analysis"]._cron_refresh()
        with self.worker() as env:
            env.cr.execute(
                SQL(
                    """
                    SELECT (SELECT count(*) FROM helpdesk_ticket WHERE active),
                           (SELECT sum(ticket_count) FROM helpdesk_ticket_analysis)
                    """
                )
            )
            tickets, counted = env.cr.fetchone()
        self.assertEqual(counted, tickets, "every ticket counted once")

    def _restore_analysis(self, previous, was_empty):
        with self.worker() as env:
            if previous:
                env["ir.config_parameter"].sudo().set_param(ANALYSIS_KEY, previous)
            else:
                env.cr.execute(
                    SQL("DELETE FROM ir_config_parameter WHERE key = %s", ANALYSIS_KEY)
                )
                env.registry.clear_cache()
            if was_empty:
                env.cr.execute(SQL("DELETE FROM helpdesk_ticket_analysis"))
            else:
                # without the tickets of the test, removed meanwhile
                env["helpdesk.ticket.analysis"]._refresh_months()
