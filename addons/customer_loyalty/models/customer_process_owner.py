from odoo import api, fields, models

OWNER_ROLES = [
    ("complaints", "Complaints"),
    ("suggestions", "Suggestions and compliments"),
]


class CustomerProcess(models.Model):
    """The process map says who is told of what customers bring: the owner
    of the complaints process hears of every complaint, whatever its channel;
    the quality responsible (owner of the process for suggestions and
    compliments) gets an activity for each one."""

    _inherit = "customer.process"

    ticket_owner_role = fields.Selection(
        OWNER_ROLES,
        string="Told of Tickets",
        help="Its owner is told of every ticket of this kind: notified of "
        "complaints, given an activity for suggestions and compliments.",
    )

    @api.model
    def _owner_for(self, role, company):
        """Owner of the active process of ``role`` for ``company`` (a
        process of the company before a shared one); empty when none."""
        process = self.sudo().search(
            [
                ("ticket_owner_role", "=", role),
                ("owner_id", "!=", False),
                ("company_id", "in", [company.id, False]),
                # the owner of a shared process hears only of the tickets of
                # the companies they work in
                ("owner_id.company_ids", "in", company.ids),
            ],
            order="company_id, sequence, id",
            limit=1,
        )
        return process, process.owner_id
