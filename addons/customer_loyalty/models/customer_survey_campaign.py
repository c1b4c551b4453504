from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .cron_lock import lock_skip_locked
from .loyalty_access import MANAGER_GROUP, USER_GROUP, check_loyalty_group


class CustomerSurveyCampaign(models.Model):
    """Periodic (annual / semestral) survey sent to all the customers of a
    segment. Launching it only queues the work: a cron sends the surveys in
    batches and reports its progress, so a big segment never blocks a worker."""

    _name = "customer.survey.campaign"
    _description = "Customer Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True, default=lambda self: self.env._("Survey campaign")
    )
    segment_id = fields.Many2one(
        "customer.segment",
        required=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        ondelete="restrict",
        tracking=True,
        domain=[("survey_type", "!=", "live_session")],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Sending"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    launch_date = fields.Datetime(readonly=True, copy=False)
    done_date = fields.Datetime(readonly=True, copy=False)
    target_count = fields.Integer(
        string="Customers",
        readonly=True,
        copy=False,
        help="Customers of the segment that accept surveys, at launch.",
    )
    user_input_ids = fields.One2many(
        "survey.user_input", "survey_campaign_id", string="Survey Answers"
    )
    skipped_partner_ids = fields.Many2many(
        "res.partner",
        "customer_survey_campaign_skipped_rel",
        "campaign_id",
        "partner_id",
        string="Customers Without E-mail",
        readonly=True,
        copy=False,
        check_company=True,
    )
    sent_count = fields.Integer(compute="_compute_counts")
    answered_count = fields.Integer(compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts")

    @api.depends("user_input_ids.state", "skipped_partner_ids", "target_count")
    def _compute_counts(self):
        groups = self.env["survey.user_input"]._read_group(
            [("survey_campaign_id", "in", self.ids)],
            ["survey_campaign_id", "state"],
            ["__count"],
        )
        sent, answered = {}, {}
        for campaign, state, count in groups:
            sent[campaign] = sent.get(campaign, 0) + count
            if state == "done":
                answered[campaign] = answered.get(campaign, 0) + count
        for campaign in self:
            campaign.sent_count = sent.get(campaign, 0)
            campaign.answered_count = answered.get(campaign, 0)
            handled = campaign.sent_count + len(campaign.skipped_partner_ids)
            campaign.progress = (
                100.0 * handled / campaign.target_count if campaign.target_count else 0
            )

    def _pending_customers_query(self, limit=None, count=False):
        self.ensure_one()
        query = SQL(
            """
            SELECT %(select)s
              FROM res_partner p
             WHERE p.customer_segment_id = %(segment)s
               AND (p.company_id IS NULL OR p.company_id = %(company)s)
               AND p.active
               AND (p.is_company OR p.parent_id IS NULL)
               AND NOT COALESCE(p.is_survey_opt_out, FALSE)
               AND NOT EXISTS (
                   SELECT 1 FROM survey_user_input ui
                    WHERE ui.survey_campaign_id = %(campaign)s
                      AND ui.loyalty_customer_id = p.id)
               AND NOT EXISTS (
                   SELECT 1 FROM customer_survey_campaign_skipped_rel r
                    WHERE r.campaign_id = %(campaign)s AND r.partner_id = p.id)
            """,
            select=SQL("count(*)") if count else SQL("p.id"),
            segment=self.segment_id.id,
            company=self.company_id.id,
            campaign=self.id,
        )
        if not count:
            query = SQL("%s ORDER BY p.id LIMIT %s", query, limit)
        return query

    def action_launch(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    self.env._(
                        "Campaign %(campaign)s was already launched.",
                        campaign=campaign.name,
                    )
                )
            if not campaign.survey_id.active:
                raise UserError(
                    self.env._(
                        "The survey %(survey)s is archived: restore it or choose "
                        "another one.",
                        survey=campaign.survey_id.title,
                    )
                )
            self.env.flush_all()
            self.env.cr.execute(campaign._pending_customers_query(count=True))
            target = self.env.cr.fetchone()[0]
            if not target:
                raise UserError(
                    self.env._(
                        "Segment %(segment)s has no customer that accepts surveys: "
                        "there is nobody to send campaign %(campaign)s to.",
                        segment=campaign.segment_id.display_name,
                        campaign=campaign.name,
                    )
                )
            campaign.write(
                {
                    "state": "running",
                    "launch_date": fields.Datetime.now(),
                    "target_count": target,
                }
            )
        self.env.ref("customer_loyalty.ir_cron_survey_campaigns")._trigger()
        return True

    def action_cancel(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.filtered(lambda c: c.state in ("draft", "running")).state = "cancel"

    def action_view_answers(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.survey_user_input_action_loyalty"
        )
        action["domain"] = [("survey_campaign_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    @api.model
    def _cron_process_survey_campaigns(self, batch_size=200):
        """Send one batch of the oldest running campaign; report progress so the
        cron runs again while customers remain."""
        running = self.sudo().search([("state", "=", "running")], order="id")
        # a campaign another worker is sending is left to it
        campaign = next(
            (c for c in running if lock_skip_locked(c)), self.sudo().browse()
        )
        if not campaign:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        done = campaign._send_batch(batch_size)
        self.env.cr.execute(campaign._pending_customers_query(count=True))
        remaining = self.env.cr.fetchone()[0]
        if not remaining:
            campaign.write({"state": "done", "done_date": fields.Datetime.now()})
        other_running = self.sudo().search_count([("state", "=", "running")])
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=remaining + (other_running and 1)
        )
        return done

    def _send_batch(self, batch_size):
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(self._pending_customers_query(limit=batch_size))
        customers = self.env["res.partner"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        vals_list, without_email = [], self.env["res.partner"]
        for customer in customers:
            recipient = (
                customer
                if customer.email
                else customer.child_ids.filtered(
                    lambda c: (
                        c.email and not c.is_survey_opt_out and not c.is_blacklisted
                    )
                )[:1]
            )
            if not recipient or customer.is_blacklisted:
                without_email |= customer
                continue
            vals_list.append(
                {
                    "survey_id": self.survey_id.id,
                    "partner_id": recipient.id,
                    "email": recipient.email,
                    "nickname": recipient.name,
                    "loyalty_customer_id": customer.id,
                    "customer_segment_id": self.segment_id.id,
                    "survey_campaign_id": self.id,
                    "loyalty_sent_date": fields.Datetime.now(),
                }
            )
        if without_email:
            self.skipped_partner_ids = [
                fields.Command.link(p.id) for p in without_email
            ]
        if vals_list:
            user_inputs = self.env["survey.user_input"].sudo().create(vals_list)
            self.env.ref(
                "customer_loyalty.mail_template_survey_campaign"
            ).sudo().send_mail_batch(user_inputs.ids)
        return len(customers)
