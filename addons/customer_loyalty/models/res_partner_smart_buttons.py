"""Smart buttons of the customer form: its complaints, completed surveys
and monthly snapshots, counted with one grouped query each."""

from odoo import fields, models

from .loyalty_access import (
    DIRECTION_GROUP,
    MANAGER_GROUP,
    USER_GROUP,
    check_loyalty_group,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_loyalty_counts",
        groups="customer_loyalty.customer_loyalty_group_user",
    )
    loyalty_survey_count = fields.Integer(
        string="Surveys",
        compute="_compute_loyalty_counts",
        groups="customer_loyalty.customer_loyalty_group_user",
    )
    loyalty_snapshot_count = fields.Integer(
        string="Monthly Snapshots",
        compute="_compute_loyalty_snapshot_count",
        groups="customer_loyalty.customer_loyalty_group_manager,"
        "customer_loyalty.customer_loyalty_group_direction",
    )

    def _compute_loyalty_counts(self):
        """One grouped query per counter for all the partners shown."""
        customers = self.commercial_partner_id
        complaints = dict(
            self.env["helpdesk.ticket"]._read_group(
                [
                    ("commercial_partner_id", "in", customers.ids),
                    ("contact_type", "=", "complaint"),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        surveys = dict(
            self.env["survey.user_input"]._read_group(
                [
                    ("loyalty_customer_id", "in", customers.ids),
                    ("state", "=", "done"),
                ],
                ["loyalty_customer_id"],
                ["__count"],
            )
        )
        for partner in self:
            customer = partner.commercial_partner_id
            partner.loyalty_complaint_count = complaints.get(customer, 0)
            partner.loyalty_survey_count = surveys.get(customer, 0)

    def _compute_loyalty_snapshot_count(self):
        customers = self.commercial_partner_id
        counts = dict(
            self.env["customer.partner.snapshot"]._read_group(
                [("partner_id", "in", customers.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.loyalty_snapshot_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def _action_loyalty_related(self, xmlid, domain, context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def action_view_loyalty_complaints(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        customer = self.commercial_partner_id
        return self._action_loyalty_related(
            "customer_loyalty.helpdesk_ticket_action_complaint",
            [
                ("commercial_partner_id", "=", customer.id),
                ("contact_type", "=", "complaint"),
            ],
            {"default_partner_id": self.id, "default_contact_type": "complaint"},
        )

    def action_view_loyalty_surveys(self):
        check_loyalty_group(self.env, USER_GROUP)
        return self._action_loyalty_related(
            "customer_loyalty.survey_user_input_action_loyalty",
            [
                ("loyalty_customer_id", "=", self.commercial_partner_id.id),
                ("state", "=", "done"),
            ],
        )

    def action_view_loyalty_snapshots(self):
        check_loyalty_group(self.env, MANAGER_GROUP, DIRECTION_GROUP)
        return self._action_loyalty_related(
            "customer_loyalty.customer_partner_snapshot_action",
            [("partner_id", "=", self.commercial_partner_id.id)],
        )
