from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerLostReason(models.Model):
    """Why a customer was lost: chosen when a lost-customer proposal of the
    segment review is accepted, and read by the lost-customer analysis."""

    _name = "customer.lost.reason"
    _description = "Customer Lost Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable key of the reason, used by imports and reports.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the reason with every company.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE (code, company_id)",
            "A lost reason code is used once per company.",
        ),
    ]

    @api.constrains("code")
    def _check_code(self):
        for reason in self:
            code = reason.code or ""
            if not code.replace("_", "").isalnum() or code != code.lower():
                raise ValidationError(
                    self.env._(
                        "The code %(code)s of the lost reason %(reason)s must be "
                        "lowercase letters, digits and underscores.",
                        code=code,
                        reason=reason.name,
                    )
                )
