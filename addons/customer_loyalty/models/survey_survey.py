from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .loyalty_access import MANAGER_GROUP, check_loyalty_group

SURVEY_PURPOSES = [
    ("customer_satisfaction", "Periodic customer satisfaction"),
    ("post_resolution", "After a ticket is resolved"),
    ("complaint", "Complaint handling"),
    ("interview", "Customer interview"),
    ("participant", "Improvement-group participants"),
]
# purposes whose answers are the customer's voice: every other purpose is
# kept out of the customer satisfaction reports and KPIs
CUSTOMER_PURPOSES = (
    "customer_satisfaction",
    "post_resolution",
    "complaint",
    "interview",
)


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    is_loyalty_survey = fields.Boolean(
        string="Loyalty Survey",
        compute="_compute_is_loyalty_survey",
        store=True,
        groups="base.group_user",
        help="Some of its questions feed the satisfaction analysis: its answers "
        "are protected like the answers sent after tickets.",
    )

    loyalty_purpose = fields.Selection(
        SURVEY_PURPOSES,
        default="customer_satisfaction",
        required=True,
        index=True,
        groups="base.group_user",
        help="What the survey is for. Customer satisfaction reports and KPIs "
        "read the answers of the customer purposes only: the answers of "
        "improvement-group participants belong to their improvement project.",
    )

    @api.depends("question_and_page_ids.loyalty_measure")
    def _compute_is_loyalty_survey(self):
        for survey in self:
            survey.is_loyalty_survey = any(
                question.loyalty_measure not in (False, "other")
                for question in survey.question_and_page_ids
            )

    def write(self, vals):
        """What a loyalty survey is for decides whether its answers count in
        the satisfaction reports: Loyalty Managers only, logged."""
        if "loyalty_purpose" in vals and not self.env.su:
            changed = self.sudo().filtered(
                lambda s: (
                    s.is_loyalty_survey and s.loyalty_purpose != vals["loyalty_purpose"]
                )
            )
            if changed:
                check_loyalty_group(self.env, MANAGER_GROUP)
                labels = dict(
                    self._fields["loyalty_purpose"]._description_selection(self.env)
                )
                for survey in changed:
                    survey.message_post(
                        body=self.env._(
                            "%(user)s changed the purpose of the survey from "
                            "%(old)s to %(new)s.",
                            user=self.env.user.name,
                            old=labels.get(survey.loyalty_purpose),
                            new=labels.get(vals["loyalty_purpose"]),
                        ),
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
        res = super().write(vals)
        if "loyalty_purpose" in vals and self.ids:
            # the satisfaction analysis rebuilds the months of the answers
            # written since its last refresh: the purpose decides whether
            # they are customer answers
            self.env.cr.execute(
                SQL(
                    "UPDATE survey_user_input SET write_date = now() at time zone"
                    " 'UTC' WHERE survey_id = ANY(%s)",
                    self.ids,
                )
            )
            self.env["survey.user_input"].invalidate_model(["write_date"])
        return res

    @api.model
    def _customer_survey_sql(self, alias):
        """SQL condition on the ``survey_survey`` row ``alias``: its answers
        are customer answers."""
        return SQL("%s.loyalty_purpose IN %s", SQL.identifier(alias), CUSTOMER_PURPOSES)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_loyalty_answers(self):
        """Deleting a survey deletes its answers (``survey.user_input`` is
        cascaded): refuse it once it was sent in a loyalty flow (after a
        ticket, by a campaign, to an improvement group) so that
        the satisfaction history and the KPIs never lose their data."""
        # every company's answers count, whoever deletes: the check reads
        # them all, the message names only the surveys
        answered = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [
                    ("survey_id", "in", self.ids),
                    ("test_entry", "=", False),
                    "|",
                    "|",
                    ("ticket_id", "!=", False),
                    ("survey_campaign_id", "!=", False),
                    ("improvement_project_id", "!=", False),
                ]
            )
        )
        if answered:
            raise UserError(
                self.env._(
                    "The surveys %(surveys)s were sent to customers: deleting "
                    "them would delete their answers and the satisfaction "
                    "history. Archive them instead.",
                    surveys=", ".join(answered.survey_id.mapped("title")),
                )
            )
