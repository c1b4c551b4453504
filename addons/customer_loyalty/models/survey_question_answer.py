from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .survey_question import RATED_MEASURES


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    loyalty_value = fields.Float(
        help="Numeric value of this answer in the satisfaction analysis: 0 to 10 "
        "for rated questions, 1 (yes) or 0 (no) for the recommendation.",
    )

    @api.constrains("loyalty_value", "question_id")
    def _check_loyalty_value(self):
        for answer in self:
            measure = answer.question_id.loyalty_measure
            value = answer.loyalty_value
            if measure in RATED_MEASURES and not 0 <= value <= 10:
                raise ValidationError(
                    self.env._(
                        "Answer %(answer)s of question %(question)s is worth "
                        "%(value)s: ratings go from 0 to 10.",
                        answer=answer.value,
                        question=answer.question_id.title,
                        value=value,
                    )
                )
            if measure == "recommend" and value not in (0, 1):
                raise ValidationError(
                    self.env._(
                        "Answer %(answer)s of question %(question)s is worth "
                        "%(value)s: a recommendation is worth 1 (yes) or 0 (no).",
                        answer=answer.value,
                        question=answer.question_id.title,
                        value=value,
                    )
                )
