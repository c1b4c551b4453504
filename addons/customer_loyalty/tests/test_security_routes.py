"""State-changing routes over real HTTP: a GET never changes anything, a POST
needs the session's CSRF token; closing a ticket takes only a closing stage
of the ticket's team; a posted team must be a portal team of the customer's
company. The service report PDF refuses portal users and employees of
another company."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import LoyaltyCase
from .portal_common import PortalCloseMixin


@tagged("post_install", "-at_install")
class TestTicketCloseRoute(PortalCloseMixin, HttpCase, LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env,
            login="cl_route_portal",
            name="Route Portal",
            email="route@star.example.com",
            groups="base.group_portal",
        )
        cls.portal.partner_id.parent_id = cls.customer_star
        cls.ticket = cls._create_ticket(
            cls.portal.partner_id, team_id=cls.team_vip.id, stage_id=cls.open_stage.id
        )
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.stage_vip = Stage.create(
            {
                "name": "Solved by the VIP desk",
                "closed": True,
                "close_from_portal": True,
                "team_ids": [Command.link(cls.team_vip.id)],
            }
        )
        cls.stage_general = Stage.create(
            {
                "name": "Solved by the general desk",
                "closed": True,
                "close_from_portal": True,
                "team_ids": [Command.link(cls.team_general.id)],
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cl_route_portal", "cl_route_portal")

    def test_a_link_never_closes_a_ticket(self):
        response = self.url_open(
            f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.stage_vip.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self.ticket.stage_id, self.open_stage)

    def test_a_post_without_the_csrf_token_is_refused(self):
        response = self.close_from_portal(self.ticket.id, self.stage_vip.id, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.ticket.stage_id, self.open_stage)
        response = self.url_open(
            "/ticket/close",
            data={
                "ticket_id": self.ticket.id,
                "stage_id": self.stage_vip.id,
                "csrf_token": "forged",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.ticket.stage_id, self.open_stage)

    def test_the_close_button_of_the_page_posts_the_form(self):
        response = self.close_by_the_page_form(self.ticket, self.stage_vip)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.ticket.stage_id, self.stage_vip)

    def test_a_closing_stage_of_another_team_is_refused(self):
        response = self.close_from_portal(self.ticket.id, self.stage_general.id)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket.id}")
        )
        self.assertEqual(self.ticket.stage_id, self.open_stage)
        # nor an open stage posing as a closing one
        response = self.close_from_portal(self.ticket.id, self.open_stage.id)
        self.assertEqual(self.ticket.stage_id, self.open_stage)


@tagged("post_install", "-at_install")
class TestNewTicketRoute(HttpCase, LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_team = True
        cls.other_company = cls.env["res.company"].create({"name": "Other Route Co"})
        cls.team_vip.show_in_portal = True
        cls.team_other = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Other company desk",
                "show_in_portal": True,
                "company_id": cls.other_company.id,
            }
        )
        cls.team_hidden = cls.env["helpdesk.ticket.team"].create(
            {"name": "Internal desk", "show_in_portal": False}
        )
        cls.portal = new_test_user(
            cls.env,
            login="cl_route_new_portal",
            name="Route New Portal",
            email="new@star.example.com",
            groups="base.group_portal",
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cl_route_new_portal", "cl_route_new_portal")

    def _tickets(self):
        return self.Ticket.search([("partner_id", "=", self.portal.partner_id.id)])

    def _post(self, **data):
        values = {
            "subject": "Disk full",
            "description": "The disk is full",
            "csrf_token": self._token(),
            **data,
        }
        return self.url_open("/submitted/ticket", data=values, allow_redirects=False)

    def _token(self):
        from odoo import http

        return http.Request.csrf_token(self)

    def test_a_get_never_creates_a_ticket(self):
        response = self.url_open(
            "/submitted/ticket?subject=Spam&description=spam", allow_redirects=False
        )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self._tickets())

    def test_a_post_without_the_csrf_token_is_refused(self):
        response = self._post(csrf_token="forged")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._tickets())

    def test_a_team_of_another_company_is_refused(self):
        for team in (self.team_other, self.team_hidden):
            with self.subTest(team=team.name):
                response = self._post(team=str(team.id))
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Other company desk", response.text)
                self.assertFalse(self._tickets())

    def test_a_portal_team_of_the_company_is_taken(self):
        response = self._post(team=str(self.team_vip.id))
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self._tickets().team_id, self.team_vip)


@tagged("post_install", "-at_install")
class TestServiceReportRoute(HttpCase, LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Report Co"})
        new_test_user(
            cls.env,
            login="cl_report_other",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        new_test_user(
            cls.env,
            login="cl_report_portal",
            groups="base.group_portal",
            partner_id=cls.contact_star.id,
        )
        # a customer shared by both companies, with tickets in each
        cls.shared = cls.Partner.create(
            {"name": "Shared Customer SA", "is_company": True}
        )
        cls._create_ticket(cls.shared, company_id=cls.company.id)
        cls._create_ticket(cls.shared, company_id=cls.other_company.id)
        cls._create_ticket(cls.shared, company_id=cls.other_company.id)
        cls.own = cls.Partner.create(
            {
                "name": "Own Customer SA",
                "is_company": True,
                "company_id": cls.company.id,
            }
        )
        cls._create_ticket(cls.own, company_id=cls.company.id)

    def _url(self, partner, kind="pdf"):
        return f"/report/{kind}/customer_loyalty.report_customer_service/{partner.id}"

    def test_portal_users_get_no_report(self):
        self.authenticate("cl_report_portal", "cl_report_portal")
        for partner in (self.customer_star, self.own):
            response = self.url_open(self._url(partner))
            self.assertNotEqual(response.status_code, 200)
            self.assertNotIn(b"%PDF", response.content[:10])

    def test_employees_of_another_company_get_no_report_of_its_customers(self):
        self.authenticate("cl_report_other", "cl_report_other")
        response = self.url_open(self._url(self.own))
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"%PDF", response.content[:10])

    def test_figures_count_the_tickets_of_the_readers_companies_only(self):
        Report = self.env["report.customer_loyalty.report_customer_service"]
        month = self.env["customer.kpi"]._last_closed_period()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s"
            " WHERE commercial_partner_id = %s",
            [month, self.shared.id],
        )
        self.env.invalidate_all()
        figures = Report._service_figures(self.shared.ids, month, self.company.ids)
        self.assertEqual(figures[self.shared.id]["opened"], 1)
        other_manager = self.env["res.users"].search(
            [("login", "=", "cl_report_other")]
        )
        figures = Report.with_user(other_manager)._service_figures(
            self.shared.ids, month
        )
        self.assertEqual(figures[self.shared.id]["opened"], 2)

    def test_the_companys_manager_gets_the_report(self):
        manager = self.user_manager.login
        self.authenticate(manager, manager)
        response = self.url_open(self._url(self.own, "html"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Own Customer SA", response.text)
