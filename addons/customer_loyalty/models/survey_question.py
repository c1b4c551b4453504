from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .loyalty_access import MANAGER_GROUP, check_loyalty_group

LOYALTY_MEASURES = [
    ("satisfaction", "Satisfaction"),
    ("importance", "Importance"),
    ("overall", "Overall Satisfaction"),
    ("recommend", "Would Recommend"),
    ("complaint_handling", "Complaint Handling"),
    ("other", "Other"),
]
# measures rated on the 0-10 scale
RATED_MEASURES = ("satisfaction", "importance", "overall", "complaint_handling")
LOYALTY_FIELDS = {"loyalty_measure", "loyalty_item_key"}


def is_loyalty_question(question):
    """Whether the answers to ``question`` feed the satisfaction analysis."""
    return question.loyalty_measure not in (False, "other")


class SurveyQuestion(models.Model):
    """Loyalty meaning of a survey question.

    A survey *item* (e.g. "speed of resolution") is measured by a satisfaction
    question and, optionally, an importance question sharing the same
    ``loyalty_item_key``. Rated questions are single-choice questions whose
    answers carry their numeric value (``survey.question.answer.loyalty_value``)
    so that Odoo 18 can trigger conditional follow-ups on low ratings.
    """

    _inherit = "survey.question"

    loyalty_measure = fields.Selection(
        LOYALTY_MEASURES,
        default="other",
        groups="base.group_user",
        help="What the answer measures in the satisfaction analysis: "
        "satisfaction or importance of an item (0-10), the overall satisfaction "
        "(0-10), the satisfaction with the handling of a complaint (0-10), "
        "whether the customer would recommend us (yes = 1, no = 0), or nothing "
        "(other).",
    )
    loyalty_item_key = fields.Char(
        string="Item Key",
        groups="base.group_user",
        index="btree_not_null",
        help="Pairs the satisfaction and the importance questions of one item "
        "(e.g. resolution_speed) in the importance-satisfaction matrix.",
    )

    loyalty_item_name = fields.Char(
        string="Item",
        groups="base.group_user",
        translate=True,
        help="Short name of the item in the satisfaction analysis and the "
        "importance-satisfaction matrix (e.g. Speed of resolution).",
    )

    @api.constrains("loyalty_measure", "loyalty_item_key", "question_type")
    def _check_loyalty_measure(self):
        for question in self:
            measure = question.loyalty_measure
            if not measure or measure == "other":
                continue
            if question.question_type != "simple_choice":
                raise ValidationError(
                    self.env._(
                        "Question %(question)s measures %(measure)s: it must be a "
                        "single-choice question whose answers carry their value "
                        "(0 to 10, or 1/0 for yes/no).",
                        question=question.title,
                        measure=dict(
                            self._fields["loyalty_measure"]._description_selection(
                                self.env
                            )
                        )[measure],
                    )
                )
            if not question.loyalty_item_key:
                raise ValidationError(
                    self.env._(
                        "Question %(question)s is used in the satisfaction analysis: "
                        "give it an Item Key.",
                        question=question.title,
                    )
                )

    # ------------------------------------------------------------------
    # What a question measures is the Loyalty Managers' choice
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        questions = super().create(vals_list)
        if not self.env.su and any(
            is_loyalty_question(question) for question in questions.sudo()
        ):
            check_loyalty_group(self.env, MANAGER_GROUP)
        return questions

    def write(self, vals):
        if not self.env.su and (
            LOYALTY_FIELDS.intersection(vals)
            and (
                vals.get("loyalty_measure") not in (None, False, "other")
                or any(is_loyalty_question(q) for q in self.sudo())
            )
        ):
            check_loyalty_group(self.env, MANAGER_GROUP)
        return super().write(vals)
