"""Shared fixture of the customer_loyalty tests: built once per test class."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase, TransactionCase

# an improvement area that passes every SMART check
SMART_ALL = {
    "smart_specific": True,
    "smart_measurable": True,
    "smart_achievable": True,
    "smart_relevant": True,
    "smart_time_bound": True,
}


@tagged("post_install", "-at_install")
class LoyaltyCase(TransactionCase):
    """Segments, a team, customers in each segment and users of every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.Segment = cls.env["customer.segment"]
        cls.Partner = cls.env["res.partner"]
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.History = cls.env["customer.segment.history"]
        cls.standard = cls.env.ref("customer_loyalty.segment_standard")
        cls.preferential = cls.env.ref("customer_loyalty.segment_preferential")
        cls.star = cls.env.ref("customer_loyalty.segment_star")
        cls.team_vip = cls.env["helpdesk.ticket.team"].create({"name": "VIP desk"})
        cls.team_general = cls.env["helpdesk.ticket.team"].create(
            {"name": "General desk"}
        )
        cls.star.team_id = cls.team_vip
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        cls.open_stage = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False)], limit=1
        )
        cls.company.default_customer_segment_id = cls.standard

        cls.user_manager = new_test_user(
            cls.env,
            login="cl_manager",
            name="Loyalty Manager",
            groups="base.group_user,base.group_partner_manager,"
            "customer_loyalty.customer_loyalty_group_manager,"
            "helpdesk_mgmt.group_helpdesk_user",
        )
        cls.user_agent = new_test_user(
            cls.env,
            login="cl_agent",
            name="Loyalty Agent",
            groups="base.group_user,base.group_partner_manager,"
            "customer_loyalty.customer_loyalty_group_user,"
            "helpdesk_mgmt.group_helpdesk_user",
        )
        cls.user_direction = new_test_user(
            cls.env,
            login="cl_direction",
            name="Direction Member",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_direction",
        )
        cls.user_employee = new_test_user(
            cls.env,
            login="cl_employee",
            name="Plain Employee",
            groups="base.group_user",
        )

        cls.customer_std = cls.Partner.create(
            {"name": "Standard Hosting SL", "is_company": True}
        )
        cls.customer_pref = cls.Partner.create(
            {
                "name": "Ayuntamiento de Prueba",
                "is_company": True,
                "customer_segment_id": cls.preferential.id,
            }
        )
        cls.customer_star = cls.Partner.create(
            {
                "name": "Star Datacenter SA",
                "is_company": True,
                "customer_segment_id": cls.star.id,
            }
        )
        cls.contact_star = cls.Partner.create(
            {
                "name": "Ana Star",
                "parent_id": cls.customer_star.id,
                "email": "ana@star.example.com",
            }
        )

    @classmethod
    def _add_second_company(cls, name):
        """A second company with a segment of its own: ``company_a`` (the
        fixture's company), ``company_b`` and ``segment_b``."""
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": name})
        cls.segment_b = cls.Segment.create(
            {"name": "Beta Gold", "code": "BGOLD", "company_id": cls.company_b.id}
        )

    @classmethod
    def _company_user(cls, login, company, groups="base.group_user"):
        """A user working in ``company`` only."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _create_ticket(cls, partner, **vals):
        values = {
            "name": "Server does not boot",
            "description": "<p>The dedicated server does not boot.</p>",
            "partner_id": partner.id,
        }
        values.update(vals)
        return cls.Ticket.create(values)

    @classmethod
    def _load_spanish(cls):
        """Activate Spanish with the addon's translations, as a Spanish
        user would read it."""
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(
            ["customer_loyalty"], ["es_ES"], overwrite=True
        )

    @classmethod
    def _invoice(cls, partner, day, lines, move_type="out_invoice", **vals):
        """Post a customer invoice (or refund) of ``partner`` dated ``day``,
        without taxes: ``lines`` are ``(product, amount)`` pairs."""
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, amount in lines
                ],
                **vals,
            }
        )
        move.action_post()
        return move

    def _overdue_invoice(self, partner, amount, days_overdue=30):
        """Post an invoice of ``partner`` for ``amount``, without taxes, due
        ``days_overdue`` days ago (its overdue debt)."""
        today = fields.Date.context_today(self.env.user)
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today - timedelta(days=days_overdue + 30),
                    "invoice_date_due": today - timedelta(days=days_overdue),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Fibre line",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _backdate(self, ticket, when):
        """Pretend ``ticket`` was opened at ``when`` (the ORM stamps create_date
        with the database clock, which freezegun does not move)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id IN %s",
            [when, tuple(ticket.ids)],
        )
        ticket.invalidate_recordset(["create_date"])
        ticket.modified(["create_date"])
        self.env.flush_all()
        return ticket


@tagged("post_install", "-at_install")
class PdfReportCase(HttpCase):
    """Mixed into a test class that renders reports to PDF.

    wkhtmltopdf fetches the report's stylesheets from the running server at
    ``web.base.url``. An HttpCase points that parameter at the test server
    and puts the registry in test mode, so the server answers from the test's
    own transaction. Without it, Odoo's runner holds the registry lock for the
    whole test run and the fetch waits forever, and pytest-odoo's server is
    not the one ``web.base.url`` names."""

    def assertRendersToPdf(self, report_ref, res_ids, data=None):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, res_ids, data=data)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf
