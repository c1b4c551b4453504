"""Satisfaction surveys of a customer: the opt-out and the annual interview."""

from odoo import fields, models
from odoo.exceptions import UserError

from .loyalty_access import USER_GROUP, check_loyalty_group


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_survey_opt_out = fields.Boolean(
        string="No Satisfaction Surveys",
        help="The customer does not want to receive satisfaction surveys (neither "
        "after tickets nor in campaigns). Set on a company, it applies to all its "
        "contacts.",
        groups="base.group_user",
    )

    def action_start_loyalty_interview(self):
        """Open the annual interview form, filled in by the agent on behalf of
        the customer: the answer is the agent's, about this customer."""
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        user_input = self._create_loyalty_interview_answer(self.env.company)
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": user_input.get_start_url(),
        }

    def _create_loyalty_interview_answer(self, company):
        """A new answer to the annual interview, about this customer, filled in
        by the current user for ``company``."""
        self.ensure_one()
        survey = self.env.ref(
            "customer_loyalty.survey_annual_interview", raise_if_not_found=False
        )
        if not survey or not survey.active:
            raise UserError(
                self.env._(
                    "The annual interview survey was deleted or archived: restore "
                    "it in Surveys before interviewing a customer."
                )
            )
        customer = self.commercial_partner_id
        # agents are no Survey Officers: the interview is the one way they
        # create an answer, for the customer they interview
        return survey.sudo()._create_answer(
            user=self.env.user,
            check_attempts=False,
            loyalty_customer_id=customer.id,
            customer_segment_id=customer.customer_segment_id.id,
            is_loyalty_interview=True,
            loyalty_company_id=company.id,
        )
