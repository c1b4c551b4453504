from odoo import fields, models


class ImprovementProjectStage(models.Model):
    """Stage of a SMART improvement project: planning, training, execution,
    review, closed."""

    _name = "improvement.project.stage"
    _description = "Improvement Project Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    stage_type = fields.Selection(
        [
            ("planning", "Planning"),
            ("training", "Training"),
            ("execution", "Execution"),
            ("review", "Review"),
            ("closed", "Closed"),
        ],
        required=True,
        default="execution",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Projects reaching this stage are closed: the review meeting is "
        "scheduled 3 months later and the participant survey is sent.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
