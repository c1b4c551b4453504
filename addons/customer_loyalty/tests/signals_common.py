"""Fixture of the loyalty signal tests: services billed at their cadence."""

from datetime import date

from dateutil.relativedelta import relativedelta

from .common import LoyaltyCase


class SignalsCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lost = cls.env["customer.lost.service"]
        cls.Snapshot = cls.env["customer.partner.snapshot"]
        cls.family = cls.env["product.category"].create({"name": "Hosting"})
        Product = cls.env["product.product"]
        cls.server = Product.create(
            {"name": "Dedicated server", "categ_id": cls.family.id}
        )
        cls.backup = Product.create(
            {"name": "Online backup", "categ_id": cls.family.id}
        )
        cls.domain = Product.create({"name": "Domain .es", "categ_id": cls.family.id})
        cls.standard.manager_id = cls.user_manager
        cls.preferential.manager_id = cls.user_manager
        cls.star.manager_id = cls.user_manager
        cls.company.loyalty_lost_grace_days = 15

    @classmethod
    def _customer(cls, name, segment=None):
        return cls.Partner.with_context(segment_change_date=date(2018, 1, 1)).create(
            {
                "name": name,
                "is_company": True,
                "customer_segment_id": (segment or cls.standard).id,
            }
        )

    @classmethod
    def _invoice(cls, partner, day, lines, due=None):
        # due the day it is issued unless told: overdue debt counts from it
        return super()._invoice(partner, day, lines, invoice_date_due=due or day)

    @classmethod
    def _bill_every(cls, partner, product, months, first, last, amount=100, due=None):
        """Invoice ``product`` to ``partner`` every ``months`` months from
        ``first`` to ``last`` (dates), on the day of ``first``."""
        day = first
        moves = cls.env["account.move"]
        while day <= last:
            moves |= cls._invoice(partner, day, [(product, amount)], due=due)
            day += relativedelta(months=months)
        return moves

    def _losses(self, partner):
        return self.Lost.search([("partner_id", "=", partner.id)])

    def _activities(self, partner, summary="Lost service"):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "like", summary),
            ]
        )

    @classmethod
    def _answer(cls, partner, overall=None, recommend=None, survey=None, **vals):
        """A completed answer of ``partner`` to the preferential survey (or
        ``survey``): overall score and would-recommend (1 yes, 0 no)."""
        survey = survey or cls.env.ref(
            "customer_loyalty.survey_preferential_satisfaction"
        )
        user_input = cls.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": partner.id,
                "email": "customer@example.com",
                **vals,
            }
        )
        answers = {"overall": overall, "recommend": recommend}
        for question in survey.question_ids:
            value = answers.get(question.loyalty_measure)
            if value is None:
                continue
            user_input._save_lines(
                question,
                question.suggested_answer_ids.filtered(
                    lambda a, v=value: a.loyalty_value == v
                ).id,
            )
        user_input._mark_done()
        return user_input

    def _ticket(self, partner, created, closed=None, deadline=None, **vals):
        """A ticket opened at ``created`` (and closed at ``closed``) with a
        resolution ``deadline``, as it was in the past."""
        ticket = self._create_ticket(partner, **vals)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, closed_date = %s,"
            " resolution_deadline = %s WHERE id = %s",
            (created, closed, deadline, ticket.id),
        )
        ticket.invalidate_recordset()
        return ticket
