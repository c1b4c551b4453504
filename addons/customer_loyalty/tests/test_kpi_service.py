"""The service and satisfaction KPIs on a hand-built December 2020.

Customers and segments come from ``kpi_common`` (in December 2020: A
preferential, B and D standard, E star). The tickets' segment is the one of
their customer when they were opened.
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .kpi_common import KpiCase, dt
from .survey_common import SurveyLoyaltyCase

DECEMBER = (date(2020, 12, 1), date(2021, 1, 1))


@tagged("post_install", "-at_install")
class TestServiceKpis(KpiCase, SurveyLoyaltyCase):
    def _past_ticket(self, partner, created, closed, contact_type, contacts):
        ticket = self._ticket_at(partner, dt(created), closed=dt(closed))
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET contact_type = %s,"
            " customer_contact_count = %s WHERE id = %s",
            (contact_type, contacts, ticket.id),
        )
        ticket.invalidate_recordset()
        return ticket

    def _tickets(self):
        """T1 A complaint 24 h, 3 contacts; T2 D complaint 48 h, 1 contact;
        T3 D request 24 h, 2 contacts; T4 E complaint opened in November,
        closed in December after 24 h, no contact."""
        return (
            self._past_ticket(
                self.a, "2020-12-01 08:00", "2020-12-02 08:00", "complaint", 3
            )
            | self._past_ticket(
                self.d, "2020-12-03 00:00", "2020-12-05 00:00", "complaint", 1
            )
            | self._past_ticket(
                self.d, "2020-12-10 00:00", "2020-12-11 00:00", "request", 2
            )
            | self._past_ticket(
                self.e, "2020-11-30 12:00", "2020-12-01 12:00", "complaint", 0
            )
        )

    def test_complaints_are_the_complaint_tickets_opened_in_the_window(self):
        self._tickets()
        # P: T1; S: T2; R: T4 was opened in November; all: 2
        self.assertValues(
            self._compute("complaints", DECEMBER),
            {"pref": 1, "std": 1, "star": 0, "all": 2},
        )

    def test_complaint_resolution_time_averages_complaints_closed(self):
        self._tickets()
        # P 24; S 48; R 24 (T4 closed in December); all (24 + 48 + 24) / 3 = 32
        self.assertValues(
            self._compute("complaint_resolution_hours", DECEMBER),
            {"pref": 24, "std": 48, "star": 24, "all": 32},
        )
        self.assertValues(
            self._compute(
                "complaint_resolution_hours", (date(2020, 11, 1), DECEMBER[0])
            ),
            {"pref": None, "std": None, "star": None, "all": None},
        )

    def test_contacts_per_ticket_average_the_tickets_closed(self):
        self._tickets()
        # P 3; S (1 + 2) / 2 = 1.5; R 0; all (3 + 1 + 2 + 0) / 4 = 1.5
        self.assertValues(
            self._compute("contacts_per_ticket", DECEMBER),
            {"pref": 3, "std": 1.5, "star": 0, "all": 1.5},
        )

    def test_followups_on_time_over_followups_sent(self):
        t1, t2, t3, __ = self._tickets()
        Followup = self.env["helpdesk.ticket.followup"]
        Followup.create(
            [
                # T1 (P) on its due date; T2 (S) two days late; T3 (S) early
                {
                    "ticket_id": t1.id,
                    "due_date": "2020-12-05",
                    "sent_date": "2020-12-05 09:00:00",
                },
                {
                    "ticket_id": t2.id,
                    "due_date": "2020-12-06",
                    "sent_date": "2020-12-08 09:00:00",
                },
                {
                    "ticket_id": t3.id,
                    "due_date": "2020-12-15",
                    "sent_date": "2020-12-14 09:00:00",
                },
                # sent in November: not in the window
                {
                    "ticket_id": t1.id,
                    "due_date": "2020-11-20",
                    "sent_date": "2020-11-28 09:00:00",
                },
            ]
        )
        # P 1/1 = 100; S 1/2 = 50; R none; all 2/3
        self.assertValues(
            self._compute("followup_on_time_rate", DECEMBER),
            {"pref": 100, "std": 50, "star": None, "all": 200 / 3},
        )

    def _survey(self, survey, customer, segment, answers, when, contact_type=None):
        ticket = self.Ticket
        if contact_type:
            ticket = self._create_ticket(customer)
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET contact_type = %s WHERE id = %s",
                (contact_type, ticket.id),
            )
            ticket.invalidate_recordset()
        with freeze_time(when):
            user_input = self.UserInput.create(
                {
                    "survey_id": survey.id,
                    "partner_id": customer.id,
                    "customer_segment_id": segment.id,
                    "ticket_id": ticket.id,
                }
            )
            return self._answer(user_input, answers)

    def _surveys(self):
        """December 2020, segment stored at sending::

        A (P) satisfaction   overall 9  recommend yes
        B (S) satisfaction   overall 6  recommend no
        D (S) post-resolution overall 8  complaint handling 4
        E (R) post-resolution overall 5  complaint handling 8
        A (P) satisfaction in November: overall 2 (not in the window)
        """
        pref, post = self.survey_pref, self.survey_post
        self._survey(
            pref,
            self.a,
            self.preferential,
            {"q11s": 9, "q10": 1},
            "2020-12-03 10:00:00",
        )
        self._survey(
            pref, self.b, self.standard, {"q11s": 6, "q10": 0}, "2020-12-04 10:00:00"
        )
        self._survey(
            post,
            self.d,
            self.standard,
            {"q4s": 8, "q3s": 4},
            "2020-12-05 10:00:00",
            "complaint",
        )
        self._survey(
            post,
            self.e,
            self.star,
            {"q4s": 5, "q3s": 8},
            "2020-12-06 10:00:00",
            "complaint",
        )
        self._survey(
            pref,
            self.a,
            self.preferential,
            {"q11s": 2, "q10": 0},
            "2020-11-20 10:00:00",
        )

    def test_satisfaction_index_averages_the_overall_scores(self):
        self._surveys()
        # P 9; S (6 + 8) / 2 = 7; R 5; all (9 + 6 + 8 + 5) / 4 = 7
        self.assertValues(
            self._compute("satisfaction_index", DECEMBER),
            {"pref": 9, "std": 7, "star": 5, "all": 7},
        )

    def test_satisfied_rate_counts_overall_scores_at_threshold(self):
        self._surveys()
        # >= 7: P 1/1; S 1/2 (8); R 0/1; all 2/4
        self.assertValues(
            self._compute("satisfied_rate", DECEMBER),
            {"pref": 100, "std": 50, "star": 0, "all": 50},
        )

    def test_recommend_rate_counts_yes_over_answers(self):
        self._surveys()
        # P yes; S no; R not asked (post-resolution survey); all 1/2
        self.assertValues(
            self._compute("recommend_rate", DECEMBER),
            {"pref": 100, "std": 0, "star": None, "all": 50},
        )

    def test_complaint_satisfaction_averages_complaint_handling(self):
        self._surveys()
        # S 4; R 8; P not asked; all (4 + 8) / 2 = 6
        self.assertValues(
            self._compute("complaint_satisfaction", DECEMBER),
            {"pref": None, "std": 4, "star": 8, "all": 6},
        )

    def test_complaint_handling_of_a_non_complaint_is_not_counted(self):
        self._surveys()
        # A answers the optional complaint question about a mere request
        self._survey(
            self.survey_post,
            self.a,
            self.preferential,
            {"q4s": 9, "q3s": 0},
            "2020-12-07 10:00:00",
            "request",
        )
        self.assertValues(
            self._compute("complaint_satisfaction", DECEMBER),
            {"pref": None, "std": 4, "star": 8, "all": 6},
        )

    def test_monthly_computation_stores_the_service_kpis(self):
        self._tickets()
        self._surveys()
        kpis = self.Kpi.search(
            [("formula", "in", ("satisfaction_index", "complaints"))]
        )
        self.assertFalse(kpis._compute_values([DECEMBER[0]]))
        values = self.Value.search(
            [
                ("kpi_id", "in", kpis.ids),
                ("period", "=", DECEMBER[0]),
                ("segment_id", "=", False),
            ]
        )
        self.assertEqual(
            {v.kpi_id.formula: v.value for v in values},
            {"satisfaction_index": 7, "complaints": 2},
        )


@tagged("post_install", "-at_install")
class TestKpiProcess(KpiCase):
    def test_shipped_kpis_belong_to_the_processes_of_the_map(self):
        attend = self.env.ref("customer_loyalty.customer_process_attend")
        self.assertIn(
            self.env.ref("customer_loyalty.customer_kpi_contacts_per_ticket"),
            attend.kpi_ids,
        )
        self.assertEqual(attend.kpi_count, len(attend.kpi_ids))
        self.assertFalse(
            self._shipped_kpis().filtered(lambda kpi: not kpi.process_id),
            "every shipped KPI names its process",
        )

    def _shipped_kpis(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "customer_loyalty"), ("model", "=", "customer.kpi")]
        )
        return self.Kpi.browse(data.mapped("res_id"))

    def test_process_opens_the_scorecard_of_its_indicators(self):
        attend = self.env.ref("customer_loyalty.customer_process_attend")
        kpi = self.env.ref("customer_loyalty.customer_kpi_complaints")
        kpi._compute_values([date(2020, 12, 1)])
        action = attend.action_view_kpi_values()
        values = self.Value.search(action["domain"])
        self.assertIn(kpi, values.kpi_id)
        self.assertFalse(values.kpi_id.filtered(lambda k: k.process_id != attend))
