# Kept apart from the main inheritance to keep the features merge-friendly.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_survey_opt_out = fields.Boolean(
        string="No Satisfaction Surveys",
        help="The customer does not want to receive satisfaction surveys (neither "
        "after tickets nor in campaigns). Set on a company, it applies to all its "
        "contacts.",
    )

    def action_start_loyalty_interview(self):
        """Open the annual interview form, filled in by the agent on behalf of
        the customer: the answer is the agent's, about this customer."""
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
        user_input = survey._create_answer(
            user=self.env.user,
            check_attempts=False,
            loyalty_customer_id=customer.id,
            customer_segment_id=customer.customer_segment_id.id,
        )
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": user_input.get_start_url(),
        }
