import base64

from markupsafe import Markup

from odoo import api, fields, models

DIRECTION_GROUP = "customer_loyalty.customer_loyalty_group_direction"


class CustomerKpiValue(models.Model):
    _inherit = "customer.kpi.value"

    @api.model
    def _cron_send_balanced_scorecard(self):
        """Queue the balanced-scorecard report of the last closed month for
        the Direction of each company, once per company and month, as soon
        as the month's values exist."""
        month = self.env["customer.kpi"]._last_closed_period()
        sent = self.env["mail.mail"]
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    "|",
                    ("scorecard_sent_month", "=", False),
                    ("scorecard_sent_month", "<", month),
                ]
            )
        )
        direction = self.env.ref(DIRECTION_GROUP).sudo().users
        for company in companies:
            values = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("period", "=", month),
                    ("segment_id", "=", False),
                ]
            )
            recipients = direction.filtered(
                lambda u, c=company: c in u.company_ids and u.email
            ).partner_id
            if not values or not recipients:
                continue
            sent |= values.with_company(company)._queue_scorecard_mail(
                company, month, recipients
            )
            company.scorecard_sent_month = month
        return sent

    def _queue_scorecard_mail(self, company, month, recipients):
        report = self.env["ir.actions.report"].sudo().with_company(company)
        content, __ = report._render_qweb_pdf(
            "customer_loyalty.report_balanced_scorecard", self.ids
        )
        label = month.strftime("%Y-%m")
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"balanced-scorecard-{label}.pdf",
                    "datas": base64.b64encode(content),
                    "mimetype": "application/pdf",
                    "res_model": "res.company",
                    "res_id": company.id,
                }
            )
        )
        subject = self.env._(
            "%(company)s: balanced scorecard of %(month)s",
            company=company.name,
            month=label,
        )
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": subject,
                    "body_html": Markup("<p>%s</p>")
                    % self.env._(
                        "The indicators of %(month)s with their targets and "
                        "status are attached.",
                        month=label,
                    ),
                    "email_from": company.email_formatted
                    or self.env.user.email_formatted,
                    "recipient_ids": [fields.Command.set(recipients.ids)],
                    "attachment_ids": [fields.Command.link(attachment.id)],
                    "model": "res.company",
                    "res_id": company.id,
                    "auto_delete": False,
                }
            )
        )
