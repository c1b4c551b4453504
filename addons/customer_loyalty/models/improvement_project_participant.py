from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from .survey_question import RATED_MEASURES


class ImprovementProject(models.Model):
    """The participants' results per item: the answers of the members of an
    improvement group value their project, they are never customer
    satisfaction, so they are read here and nowhere else."""

    _inherit = "improvement.project"

    participant_item_results = fields.Html(
        string="Results per Item",
        compute="_compute_participant_item_results",
        sanitize=False,
        help="Per rated item of the participant survey: the average (0-10) and "
        "the share of each score given.",
    )

    @api.depends("participant_input_ids.state")
    @api.depends_context("lang")
    def _compute_participant_item_results(self):
        Line = self.env["survey.user_input.line"].sudo()
        for project in self:
            done = project.participant_input_ids.filtered(lambda i: i.state == "done")
            if not done:
                project.participant_item_results = False
                continue
            groups = Line._read_group(
                [
                    ("user_input_id", "in", done.ids),
                    ("skipped", "=", False),
                    ("answer_type", "=", "suggestion"),
                    ("question_id.loyalty_measure", "in", RATED_MEASURES),
                ],
                ["question_id", "suggested_answer_id"],
                ["__count"],
            )
            by_question = defaultdict(list)
            for question, answer, count in groups:
                by_question[question].append((answer.loyalty_value, count))
            rows = Markup("")
            for question in sorted(by_question, key=lambda q: (q.sequence, q.id)):
                scores = sorted(by_question[question])
                total = sum(count for __, count in scores)
                average = sum(value * count for value, count in scores) / total
                distribution = ", ".join(
                    f"{round(100 * count / total)} % {value:g}"
                    for value, count in scores
                )
                rows += Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end'>%s</td><td>%s</td></tr>"
                ) % (
                    question.loyalty_item_name or question.title,
                    total,
                    f"{average:.1f}",
                    distribution,
                )
            head = Markup(
                "<thead><tr><th>%s</th><th class='text-end'>%s</th>"
                "<th class='text-end'>%s</th><th>%s</th></tr></thead>"
            ) % (
                self.env._("Item"),
                self.env._("Answers"),
                self.env._("Average"),
                self.env._("Scores given"),
            )
            project.participant_item_results = (
                Markup("<table class='table table-sm'>")
                + head
                + Markup("<tbody>")
                + rows
                + Markup("</tbody></table>")
            )
