from markupsafe import Markup

from odoo import api, fields, models

ROLE_OF_CONTACT_TYPE = {
    "complaint": "complaints",
    "suggestion": "suggestions",
    "compliment": "suggestions",
}


class HelpdeskTicket(models.Model):
    """Complaints, suggestions and compliments reach the owner of their
    process (see ``customer.process.ticket_owner_role``), once per ticket."""

    _inherit = "helpdesk.ticket"

    is_owner_told = fields.Boolean(
        string="Process Owner Told",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The owner of the complaints process (or the quality responsible "
        "for suggestions and compliments) was told of this ticket.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        to_tell = tickets.filtered(lambda t: t.contact_type in ROLE_OF_CONTACT_TYPE)
        if to_tell:
            to_tell._tell_process_owners()
        return tickets

    def write(self, vals):
        res = super().write(vals)
        if vals.get("contact_type") in ROLE_OF_CONTACT_TYPE:
            self._tell_process_owners()
        return res

    def _tell_process_owners(self):
        Process = self.env["customer.process"]
        for ticket in self.sudo().filtered(lambda t: not t.is_owner_told):
            role = ROLE_OF_CONTACT_TYPE.get(ticket.contact_type)
            if not role:
                continue
            process, owner = Process._owner_for(role, ticket.company_id)
            if not owner:
                continue
            if role == "complaints":
                ticket.message_subscribe(partner_ids=owner.partner_id.ids)
                ticket.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Complaint received: %(owner)s, owner of %(process)s, is "
                        "informed.",
                        owner=owner.name,
                        process=process.display_name,
                    ),
                    partner_ids=owner.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
            else:
                kind = dict(
                    self._fields["contact_type"]._description_selection(self.env)
                )[ticket.contact_type]
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=owner.id,
                    summary=self.env._(
                        "%(kind)s of %(customer)s: review it",
                        kind=kind,
                        customer=ticket.partner_id.display_name or ticket.name,
                    ),
                    note=self.env._(
                        "As the responsible of %(process)s, review this %(kind)s "
                        "and decide whether it becomes an improvement.",
                        process=process.display_name,
                        kind=kind.lower(),
                    ),
                )
            ticket.is_owner_told = True
