from odoo import models


class SurveyInvite(models.TransientModel):
    _inherit = "survey.invite"

    def _get_answers_values(self):
        """Answers created by the participant-survey invitation of an
        improvement project are linked to the project."""
        values = super()._get_answers_values()
        # set by the improvement project, which sends as superuser once its
        # own rights are checked: from anybody else the key links nothing
        project_id = self.env.su and self.env.context.get(
            "loyalty_improvement_project_id"
        )
        if project_id:
            values["improvement_project_id"] = project_id
        return values
