"""Portal isolation over real HTTP: a customer sees only the
tickets, intake answers and survey invitations of its own company; requests
for another customer's records get nothing, and forged posts are refused or
escaped."""

import re

from odoo.tests import HttpCase, new_test_user, tagged

from .intake_common import IntakeCase
from .portal_common import PortalCloseMixin

SECRET = "SECRET-BETA-10.9.9.9"


@tagged("post_install", "-at_install")
class TestPortalIsolation(PortalCloseMixin, HttpCase, IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_category = True
        Partner = cls.env["res.partner"]
        cls.alpha = Partner.create({"name": "Alpha Isolation SL", "is_company": True})
        cls.beta = Partner.create({"name": "Beta Isolation SA", "is_company": True})
        cls.alice = new_test_user(
            cls.env,
            login="cl_iso_alice",
            name="Alice Alpha",
            email="alice@alpha.example.com",
            groups="base.group_portal",
        )
        cls.alice.partner_id.parent_id = cls.alpha
        cls.alan = Partner.create(
            {
                "name": "Alan Alpha",
                "parent_id": cls.alpha.id,
                "email": "alan@alpha.example.com",
            }
        )
        cls.bob = new_test_user(
            cls.env,
            login="cl_iso_bob",
            name="Bob Beta",
            email="bob@beta.example.com",
            groups="base.group_portal",
        )
        cls.bob.partner_id.parent_id = cls.beta

        def ticket(partner, name, ip):
            ticket = cls._create_ticket(
                partner, name=name, category_id=cls.category_reinstall.id
            )
            cls._answer(ticket, cls.q_ip).value_text = ip
            return ticket

        cls.ticket_alice = ticket(cls.alice.partner_id, "Alpha reboot loop", "10.1.1.1")
        cls.ticket_alan = ticket(cls.alan, "Alpha disk full", "10.2.2.2")
        cls.ticket_bob = ticket(cls.bob.partner_id, "Beta confidential outage", SECRET)
        cls.closing_stage = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True), ("close_from_portal", "=", True)], limit=1
        )
        survey = cls.env.ref("customer_loyalty.survey_post_resolution")
        cls.bob_invitation = cls.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": cls.bob.partner_id.id,
                "email": cls.bob.email,
                "ticket_id": cls.ticket_bob.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cl_iso_alice", "cl_iso_alice")

    def assertLeaksNothing(self, text):
        for secret in (SECRET, "Beta confidential outage", "Bob Beta", "beta.example"):
            self.assertNotIn(secret, text)

    # --- reading -------------------------------------------------------------

    def test_ticket_list_shows_own_and_company_tickets_only(self):
        page = self.url_open("/my/tickets").text
        self.assertIn("Alpha reboot loop", page)
        self.assertIn("Alpha disk full", page, "a colleague's ticket")
        self.assertLeaksNothing(page)

    def test_company_ticket_shows_its_intake_answers(self):
        response = self.url_open(f"/my/ticket/{self.ticket_alan.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("10.2.2.2", response.text)

    def test_ticket_of_another_customer_is_not_shown(self):
        response = self.url_open(
            f"/my/ticket/{self.ticket_bob.id}", allow_redirects=False
        )
        # helpdesk_mgmt sends the visitor back to its portal home
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertLeaksNothing(response.text)
        followed = self.url_open(f"/my/ticket/{self.ticket_bob.id}")
        self.assertLeaksNothing(followed.text)
        forged_token = self.url_open(
            f"/my/ticket/{self.ticket_bob.id}?access_token=forged"
        )
        self.assertLeaksNothing(forged_token.text)

    def test_survey_invitation_of_another_customer_leaks_nothing(self):
        response = self.url_open(self.bob_invitation.get_start_url())
        self.assertIn(response.status_code, (200, 403, 404))
        self.assertIn("Survey Access Error", response.text)
        self.assertLeaksNothing(response.text)
        forged = self.url_open(
            "/survey/start/%s?answer_token=forged"
            % self.bob_invitation.survey_id.access_token
        )
        self.assertLeaksNothing(forged.text)
        self.assertEqual(self.bob_invitation.state, "new")

    # --- forged posts ----------------------------------------------------------

    def test_closing_another_customers_ticket_is_refused(self):
        response = self.close_from_portal(self.ticket_bob.id, self.closing_stage.id)
        self.assertEqual(response.status_code, 404)
        self.assertLeaksNothing(response.text)
        self.assertFalse(self.ticket_bob.closed)

    def test_closing_with_garbage_ids_is_a_404_not_a_crash(self):
        for ticket_id, stage_id in (
            ("abc", "1"),
            (str(self.ticket_alice.id), "x"),
            ("999999999", "1"),
        ):
            with self.subTest(ticket_id=ticket_id, stage_id=stage_id):
                response = self.close_from_portal(ticket_id, stage_id)
                self.assertEqual(response.status_code, 404)
        # unknown parameters are not passed on (helpdesk_mgmt casts every *_id)
        response = self.close_from_portal(
            self.ticket_alice.id, self.closing_stage.id, evil_id="oops"
        )
        self.assertIn(response.status_code, (302, 303))

    def test_posting_a_message_on_another_customers_ticket_is_refused(self):
        before = self.ticket_bob.message_ids
        response = self.opener.post(
            self.base_url() + "/mail/message/post",
            json={
                "params": {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.ticket_bob.id,
                    "post_data": {
                        "body": "I read your ticket",
                        "message_type": "comment",
                    },
                }
            },
        )
        self.assertIn("error", response.json())
        self.ticket_bob.invalidate_recordset(["message_ids"])
        self.assertEqual(self.ticket_bob.message_ids, before)

    def _submit(self, **data):
        page = self.url_open("/new/ticket").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        values = {
            "csrf_token": token,
            "category": str(self.category_reinstall.id),
            "subject": "Reinstall please",
            "description": "Please reinstall it",
            f"intake_{self.q_ip.id}": "10.0.0.7",
            f"intake_{self.q_os.id}": str(self.opt_debian.id),
            f"intake_{self.q_disks.id}": "2",
            f"intake_{self.q_backup.id}": "yes",
            f"intake_{self.q_date.id}": "2026-05-04",
        }
        values.update(data)
        return self.url_open("/submitted/ticket", data=values, allow_redirects=False)

    def _alice_tickets(self):
        return self.Ticket.search(
            [
                ("partner_id", "=", self.alice.partner_id.id),
                ("id", "!=", self.ticket_alice.id),
            ]
        )

    def test_script_in_answers_and_description_is_escaped(self):
        script = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"
        response = self._submit(
            description=script, **{f"intake_{self.q_ip.id}": script}
        )
        self.assertEqual(response.status_code, 302)
        ticket = self._alice_tickets()
        self.assertEqual(self._answer(ticket, self.q_ip).value_text, script)
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertNotIn("<script>alert('pwned')", page)
        self.assertNotIn("<img src=x onerror", page)
        self.assertIn("&lt;script&gt;", page)

    def test_oversized_answer_is_refused_and_not_echoed(self):
        huge = "A" * 200_000
        response = self._submit(**{f"intake_{self.q_ip.id}": huge})
        self.assertEqual(response.status_code, 400)
        self.assertIn("too long", response.text)
        self.assertLess(len(response.text), 200_000, "the value is not echoed back")
        self.assertFalse(self._alice_tickets())

    def test_a_forged_customer_in_the_post_is_ignored(self):
        response = self._submit(
            partner_id=str(self.bob.partner_id.id),
            partner_email="bob@beta.example.com",
        )
        self.assertEqual(response.status_code, 302)
        ticket = self._alice_tickets()
        self.assertEqual(ticket.partner_id, self.alice.partner_id)
        self.assertFalse(
            self.Ticket.search(
                [
                    ("partner_id", "=", self.bob.partner_id.id),
                    ("id", "!=", self.ticket_bob.id),
                ]
            )
        )
