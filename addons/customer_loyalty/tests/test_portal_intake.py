import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .intake_common import IntakeCase
from .portal_common import PortalCloseMixin


@tagged("post_install", "-at_install", "slow")
class TestPortalIntake(PortalCloseMixin, HttpCase, IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_category = True
        cls.category_hidden = cls.env["helpdesk.ticket.category"].create(
            {"name": "Internal only (test)", "show_in_portal": False}
        )
        cls.template_other.category_ids |= cls.category_hidden
        cls.portal_user = new_test_user(
            cls.env,
            login="cl_portal",
            name="Portal Customer",
            email="portal@customer.example.com",
            groups="base.group_portal",
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cl_portal", "cl_portal")

    def _new_ticket_page(self):
        response = self.url_open("/new/ticket")
        self.assertEqual(response.status_code, 200)
        return response.text

    def _post(self, **data):
        page = self._new_ticket_page()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        values = {
            "csrf_token": token,
            "category": str(self.category_reinstall.id),
            "subject": "Reinstall my server",
            "description": "Please reinstall it with Debian",
        }
        values.update(data)
        return self.url_open("/submitted/ticket", data=values, allow_redirects=False)

    def _portal_tickets(self):
        return self.Ticket.search([("partner_id", "=", self.portal_user.partner_id.id)])

    def _full_answers(self):
        return {
            f"intake_{self.q_ip.id}": "10.0.0.7",
            f"intake_{self.q_os.id}": str(self.opt_debian.id),
            f"intake_{self.q_disks.id}": "2",
            f"intake_{self.q_backup.id}": "yes",
            f"intake_{self.q_date.id}": "2026-05-04",
        }

    def test_new_ticket_page_asks_the_questions_by_type(self):
        page = self._new_ticket_page()
        self.assertIn("Server IP", page)
        self.assertIn(f'name="intake_{self.q_disks.id}"', page)
        self.assertRegex(page, rf'type="number"[^>]*name="intake_{self.q_disks.id}"')
        self.assertRegex(page, rf'type="date"[^>]*name="intake_{self.q_date.id}"')
        self.assertIn(f'<option value="{self.opt_debian.id}"', page)
        self.assertNotIn("Internal only (test)", page)

    def test_posting_with_required_answers_creates_the_ticket_with_its_answers(self):
        response = self._post(**self._full_answers())
        self.assertEqual(response.status_code, 302)
        ticket = self._portal_tickets()
        self.assertEqual(len(ticket), 1)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{ticket.id}")
        )
        self.assertTrue(ticket.is_intake_complete)
        self.assertEqual(len(ticket.intake_answer_ids), 5)
        self.assertEqual(self._answer(ticket, self.q_disks).value_number, 2.0)
        self.assertEqual(
            self._answer(ticket, self.q_os).value_option_id, self.opt_debian
        )
        self.assertEqual(self._answer(ticket, self.q_backup).value_boolean, "yes")
        self.assertEqual(
            str(self._answer(ticket, self.q_date).value_date), "2026-05-04"
        )
        # the customer sees the answers on the ticket page
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("Intake answers", page)
        self.assertIn("10.0.0.7", page)
        self.assertIn("Debian", page)

    def test_posting_without_required_answers_stores_nothing_and_keeps_the_input(self):
        answers = self._full_answers()
        del answers[f"intake_{self.q_ip.id}"]
        answers[f"intake_{self.q_disks.id}"] = ""
        response = self._post(**answers)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Server IP", response.text)
        self.assertIn("Disks to format", response.text)
        self.assertIn('value="Reinstall my server"', response.text)
        self.assertIn("Please reinstall it with Debian", response.text)
        self.assertRegex(
            response.text,
            rf'<option value="{self.category_reinstall.id}" selected="',
        )
        self.assertRegex(
            response.text,
            rf'<option value="{self.opt_debian.id}" selected="',
        )
        self.assertFalse(self._portal_tickets())

    def test_posting_a_wrong_type_stores_nothing(self):
        answers = self._full_answers()
        answers[f"intake_{self.q_disks.id}"] = "two"
        response = self._post(**answers)
        self.assertEqual(response.status_code, 400)
        self.assertIn("must be a number", response.text)
        self.assertFalse(self._portal_tickets())

    def test_posting_an_option_not_in_the_list_stores_nothing(self):
        answers = self._full_answers()
        answers[f"intake_{self.q_os.id}"] = "999999"
        response = self._post(**answers)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._portal_tickets())

    def test_posting_questions_of_another_category_stores_nothing(self):
        answers = self._full_answers()
        answers[f"intake_{self.template_other.line_ids.id}"] = "example.com"
        response = self._post(**answers)
        self.assertEqual(response.status_code, 400)
        self.assertIn("not asked for this category", response.text)
        self.assertFalse(self._portal_tickets())

    def test_posting_a_category_hidden_from_the_portal_stores_nothing(self):
        response = self._post(
            category=str(self.category_hidden.id),
            **{f"intake_{self.template_other.line_ids.id}": "example.com"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("cannot be chosen", response.text)
        self.assertFalse(self._portal_tickets())

    def test_posting_unknown_category_or_question_ids_stores_nothing(self):
        for data, fragment in (
            ({"category": "999999"}, "cannot be chosen"),
            ({"category": "not-an-id"}, "cannot be chosen"),
            ({"team": "not-an-id"}, "does not exist"),
            ({**self._full_answers(), "intake_999999": "x"}, "999999"),
            ({**self._full_answers(), "intake_abc": "x"}, "abc"),
        ):
            with self.subTest(data=data):
                response = self._post(**data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(fragment, response.text)
        self.assertFalse(self._portal_tickets())

    def test_portal_tour_shows_the_chosen_category_questions_only(self):
        self.start_tour(
            "/new/ticket", "customer_loyalty_portal_intake", login="cl_portal"
        )
        ticket = self._portal_tickets()
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.category_id, self.category_reinstall)
        self.assertEqual(self._answer(ticket, self.q_ip).value_text, "10.0.0.7")

    def test_closing_from_the_portal_without_answers_shows_why(self):
        ticket = self._create_ticket(
            self.portal_user.partner_id, category_id=self.category_reinstall.id
        )
        stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True), ("close_from_portal", "=", True)], limit=1
        )
        response = self.close_by_the_page_form(ticket, stage)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cl_close_error", response.text)
        self.assertIn("Server IP", response.text)
        self.assertFalse(ticket.closed)


@tagged("post_install", "-at_install", "slow")
class TestPortalIntakeTeams(HttpCase, IntakeCase):
    """A team with its own template for a category: the new ticket page asks
    the questions of the team the ticket will get (chosen, or the team of
    the customer's segment), which are the ones the server checks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_category = True
        cls.company.helpdesk_mgmt_portal_select_team = True
        (cls.team_vip | cls.team_general).show_in_portal = True
        cls.template_vip = cls.Template.create(
            {
                "name": "Reinstall on the VIP desk",
                "category_ids": [Command.link(cls.category_reinstall.id)],
                "team_ids": [Command.link(cls.team_vip.id)],
                "line_ids": [
                    Command.create(
                        {
                            "question": "VIP contract code",
                            "answer_type": "text",
                            "is_required": True,
                        }
                    )
                ],
            }
        )
        cls.q_vip = cls.template_vip.line_ids
        cls.portal_user = new_test_user(
            cls.env,
            login="cl_portal_team",
            name="Portal Team Customer",
            email="team@customer.example.com",
            groups="base.group_portal",
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cl_portal_team", "cl_portal_team")

    def _page(self):
        response = self.url_open("/new/ticket")
        self.assertEqual(response.status_code, 200)
        return response.text

    def _blocks(self, page):
        """{(category id, team keys): question input names} of the page."""
        blocks = {}
        for match in re.finditer(
            r'<fieldset class="o_cl_intake_block[^"]*" data-category-id="(\d+)" '
            r'data-team-keys="([\d ]+)">(.*?)</fieldset>',
            page,
            re.DOTALL,
        ):
            blocks[(int(match[1]), match[2])] = re.findall(
                r'name="(intake_\d+)"', match[3]
            )
        return blocks

    def _post(self, **data):
        token = re.search(r'name="csrf_token" value="([^"]+)"', self._page())[1]
        values = {
            "csrf_token": token,
            "category": str(self.category_reinstall.id),
            "subject": "Reinstall my server",
            "description": "Please reinstall it",
        }
        values.update(data)
        return self.url_open("/submitted/ticket", data=values, allow_redirects=False)

    def _tickets(self):
        return self.Ticket.search([("partner_id", "=", self.portal_user.partner_id.id)])

    @staticmethod
    def _no_team_block(blocks, category, keys=False):
        """Questions (or team keys) of the block shown when no team is chosen."""
        for (category_id, team_keys), questions in blocks.items():
            if category_id == category.id and "0" in team_keys.split():
                return team_keys.split() if keys else questions
        return None

    def test_page_has_a_block_for_the_team_with_its_own_template(self):
        blocks = self._blocks(self._page())
        category = self.category_reinstall
        self.assertIn(f"intake_{self.q_ip.id}", self._no_team_block(blocks, category))
        self.assertEqual(
            blocks[(category.id, str(self.team_vip.id))], [f"intake_{self.q_vip.id}"]
        )
        # the general desk uses the general template: same block as "no team"
        self.assertIn(
            str(self.team_general.id), self._no_team_block(blocks, category, keys=True)
        )

    def test_choosing_the_team_asks_and_stores_its_questions(self):
        response = self._post(
            team=str(self.team_vip.id), **{f"intake_{self.q_vip.id}": "VIP-77"}
        )
        self.assertEqual(response.status_code, 302, response.text[:2000])
        ticket = self._tickets()
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.intake_template_id, self.template_vip)
        self.assertEqual(ticket.intake_answer_ids.value_text, "VIP-77")
        self.assertTrue(ticket.is_intake_complete)

    def test_general_answers_for_the_team_template_store_nothing(self):
        response = self._post(
            team=str(self.team_vip.id), **{f"intake_{self.q_ip.id}": "10.0.0.7"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("not asked for this category", response.text)
        self.assertIn("VIP contract code", response.text)
        self.assertFalse(self._tickets())

    def test_missing_team_answer_keeps_the_chosen_team_on_the_page(self):
        response = self._post(team=str(self.team_vip.id))
        self.assertEqual(response.status_code, 400)
        self.assertIn("VIP contract code", response.text)
        self.assertRegex(
            response.text, rf'<option value="{self.team_vip.id}" selected="'
        )
        self.assertFalse(self._tickets())

    def test_segment_team_template_is_asked_when_no_team_is_chosen(self):
        # a star customer's tickets go to the VIP desk (the segment's team)
        self.portal_user.partner_id.customer_segment_id = self.star
        blocks = self._blocks(self._page())
        self.assertEqual(
            self._no_team_block(blocks, self.category_reinstall),
            [f"intake_{self.q_vip.id}"],
        )
        response = self._post(**{f"intake_{self.q_vip.id}": "VIP-78"})
        self.assertEqual(response.status_code, 302, response.text[:2000])
        ticket = self._tickets()
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.intake_template_id, self.template_vip)
        self.assertTrue(ticket.is_intake_complete)

    def test_portal_tour_swaps_the_questions_with_the_chosen_team(self):
        self.start_tour(
            "/new/ticket",
            "customer_loyalty_portal_intake_team",
            login="cl_portal_team",
        )
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.intake_template_id, self.template_vip)
        self.assertEqual(ticket.intake_answer_ids.value_text, "VIP-99")
