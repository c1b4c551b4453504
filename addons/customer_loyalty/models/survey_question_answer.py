from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .loyalty_access import MANAGER_GROUP, check_loyalty_group
from .survey_question import RATED_MEASURES, is_loyalty_question

# what a choice of a loyalty question means in the satisfaction analysis
SCORING_FIELDS = {"loyalty_value", "question_id", "matrix_question_id"}


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    loyalty_value = fields.Float(
        groups="base.group_user",
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

    # ------------------------------------------------------------------
    # Scores rewrite every past rating: Loyalty Managers only, logged
    # ------------------------------------------------------------------
    def _loyalty_choices(self):
        return self.sudo().filtered(
            lambda answer: is_loyalty_question(answer.question_id)
        )

    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        if not self.env.su and answers._loyalty_choices():
            check_loyalty_group(self.env, MANAGER_GROUP)
        return answers

    def write(self, vals):
        if self.env.su or not SCORING_FIELDS.intersection(vals):
            return super().write(vals)
        before = self._loyalty_choices()
        if not before and not vals.get("question_id"):
            return super().write(vals)
        check_loyalty_group(self.env, MANAGER_GROUP)
        old_values = {answer: answer.loyalty_value for answer in before}
        res = super().write(vals)
        for answer, old in old_values.items():
            if answer.loyalty_value != old:
                answer.question_id.survey_id.sudo().message_post(
                    body=self.env._(
                        "%(user)s changed the value of answer %(answer)s of "
                        "question %(question)s from %(old)s to %(new)s: past "
                        "ratings are read with the new value.",
                        user=self.env.user.name,
                        answer=answer.value,
                        question=answer.question_id.title,
                        old=old,
                        new=answer.loyalty_value,
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_loyalty_choices_by_manager(self):
        choices = self.browse() if self.env.su else self._loyalty_choices()
        if not choices:
            return
        check_loyalty_group(self.env, MANAGER_GROUP)
        for answer in choices:
            answer.question_id.survey_id.sudo().message_post(
                body=self.env._(
                    "%(user)s deleted answer %(answer)s (value %(value)s) of "
                    "question %(question)s.",
                    user=self.env.user.name,
                    answer=answer.value,
                    value=answer.loyalty_value,
                    question=answer.question_id.title,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
