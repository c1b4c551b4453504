from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class HelpdeskIntakeTemplate(models.Model):
    """Questions to ask the customer when a ticket of some categories opens.

    The intake improvement project designed one template per kind of request
    (dedicated-server reinstall, hardware upgrade, system administration) so
    that everything needed is gathered in the first contact, and a closing
    template that tells the customer how the ticket was solved.
    """

    _name = "helpdesk.intake.template"
    _inherit = ["customer.loyalty.cached.config"]
    _description = "Helpdesk Intake Template"
    _check_company_auto = True
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Html(translate=True)
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        "helpdesk_intake_template_category_rel",
        "template_id",
        "category_id",
        string="Categories",
        required=True,
        help="Tickets of these categories get the questions of this template.",
        check_company=True,
    )
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "helpdesk_intake_template_team_rel",
        "template_id",
        "team_id",
        string="Teams",
        help="Restrict the template to tickets of these teams. Leave empty for "
        "every team.",
        check_company=True,
    )
    line_ids = fields.One2many(
        "helpdesk.intake.template.line",
        "template_id",
        string="Questions",
        copy=True,
    )
    question_count = fields.Integer(compute="_compute_question_count")
    closing_mail_template_id = fields.Many2one(
        "mail.template",
        string="Closing E-mail",
        domain=[("model", "=", "helpdesk.ticket")],
        help="E-mail sent to the customer when the ticket reaches a closed stage. "
        "When set, a resolution summary is required to close the ticket.",
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the template between all companies.",
    )

    @api.depends("line_ids")
    def _compute_question_count(self):
        counts = dict(
            self.env["helpdesk.intake.template.line"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.question_count = counts.get(template, 0)

    @api.constrains("closing_mail_template_id")
    def _check_closing_mail_template_id(self):
        for template in self:
            mail_template = template.closing_mail_template_id
            if mail_template and mail_template.model != "helpdesk.ticket":
                raise ValidationError(
                    self.env._(
                        "The closing e-mail of the intake template %(template)s "
                        "must be an e-mail template of tickets.",
                        template=template.name,
                    )
                )

    # ------------------------------------------------------------------
    # Which template a ticket gets (read on every ticket created: cached)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _template_rules(self):
        """``(id, sequence, company id, category ids, team ids)`` of the active
        templates: configuration read on every ticket created, kept in the
        registry cache (cleared when a template is created, written or
        deleted) instead of searched each time."""
        return tuple(
            (
                template.id,
                template.sequence,
                template.company_id.id,
                frozenset(template.category_ids.ids),
                frozenset(template.team_ids.ids),
            )
            for template in self.sudo().search([])
        )

    @api.model
    def _find_for_tickets(self, tickets):
        """Intake template of each ticket: {ticket: template}.

        A template restricted to the ticket's team wins over a template for
        every team, then the lowest sequence.
        """
        rules = self._template_rules() if tickets.category_id else ()
        result = {}
        for ticket in tickets:
            category, team = ticket.category_id.id, ticket.team_id.id
            if not category:
                continue
            company = ticket.company_id.id
            best = min(
                (
                    (not teams, sequence, template_id)
                    for template_id, sequence, owner, categories, teams in rules
                    if category in categories
                    and (not teams or team in teams)
                    and (not owner or owner == company)
                ),
                default=None,
            )
            if best:
                result[ticket] = self.browse(best[2])
        return result
