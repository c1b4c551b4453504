from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .loyalty_access import DIRECTION_GROUP, USER_GROUP, check_loyalty_group


class CustomerProcess(models.Model):
    """Process map of customer loyalty management, with the roles of the
    customer service procedure: processes and subprocesses with owner,
    manager and participants."""

    _name = "customer.process"
    _description = "Customer Process"
    _check_company_auto = True
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "customer.process",
        string="Parent Process",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("customer.process", "parent_id", string="Subprocesses")
    child_count = fields.Integer(compute="_compute_child_count")
    description = fields.Html(translate=True)
    objective = fields.Text(translate=True)
    owner_id = fields.Many2one(
        "res.users",
        help="Answers for the process, its documentation and its indicators.",
        check_company=True,
    )
    manager_id = fields.Many2one(
        "res.users",
        help="Makes sure the process is carried out every day.",
        check_company=True,
    )
    participant_ids = fields.Many2many(
        "res.users",
        "customer_process_participant_rel",
        "process_id",
        "user_id",
        string="Participants",
        check_company=True,
    )
    participant_note = fields.Text(
        string="Participating Roles",
        translate=True,
        help="Departments or roles that take part, when they are not users.",
    )
    input_text = fields.Text(string="Inputs", translate=True)
    output_text = fields.Text(string="Outputs", translate=True)
    kpi_ids = fields.One2many("customer.kpi", "process_id", string="Indicators")
    kpi_count = fields.Integer(string="Indicator Count", compute="_compute_kpi_count")
    kpi_note = fields.Text(
        string="Other Indicators",
        translate=True,
        help="Indicators measuring the process that are not KPIs of the "
        "scorecard (e.g. kept in another tool).",
    )
    has_owner = fields.Boolean(
        compute="_compute_has_owner",
        store=True,
        index=True,
        help="Unchecked: nobody owns this process yet.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda s: s.env.company
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for process in self:
            if process.parent_id:
                process.complete_name = (
                    f"{process.parent_id.complete_name} / {process.name}"
                )
            else:
                process.complete_name = process.name

    @api.depends("owner_id")
    def _compute_has_owner(self):
        for process in self:
            process.has_owner = bool(process.owner_id)

    def _compute_kpi_count(self):
        counts = dict(
            self.env["customer.kpi"]._read_group(
                [("process_id", "in", self.ids)], ["process_id"], ["__count"]
            )
        )
        for process in self:
            process.kpi_count = counts.get(process, 0)

    def action_view_kpi_values(self):
        """The scorecard of the indicators of the process."""
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.customer_kpi_value_action"
        )
        action["domain"] = [("kpi_id.process_id", "=", self.id)]
        return action

    @api.depends("child_ids")
    def _compute_child_count(self):
        for process in self:
            process.child_count = len(process.child_ids)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A process cannot be its own subprocess."))
