from odoo import api, fields, models
from odoo.exceptions import ValidationError

CADENCES = [
    ("monthly", "Monthly"),
    ("bimonthly", "Every Two Months"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
    ("irregular", "Irregular"),
]


class CustomerLostService(models.Model):
    """One row per service (customer and product) that a customer stopped
    buying, whatever detected it.

    Contract with the sources of losses:

    * ``source`` tells who detected the loss. This addon ships ``invoice``:
      the daily snapshot cron learns the usual billing interval of each
      customer and product from its posted invoices and records a loss when
      the next expected invoice is overdue beyond the company's grace. Other
      addons add their own value with ``selection_add`` (the contract bridge
      adds ``contract``: a contract line ended) and create their rows
      themselves, with ``partner_id`` the commercial entity, ``product_id``,
      ``last_billed_date`` (last date the service was billed or covered) and
      ``lost_date``.
    * The same loss is never recorded twice: a customer, company, product,
      source and last billed date identify it (SQL unique constraint), so a
      detector that runs twice creates nothing the second time.
    * Whatever the source, the snapshot's lost and recovered service counts,
      the lost-service activity for the segment manager (one per row, never
      twice: ``is_notified``) and the customer health score read this model.
    * A loss is recovered (``state``, ``recovered_date``) when the product is
      billed to the customer again after ``lost_date``; the snapshot cron
      marks it for every source.
    """

    _name = "customer.lost.service"
    _description = "Lost Customer Service"
    _order = "lost_date desc, id desc"
    _rec_name = "product_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_segment_holder', '=', True)]",
        help="Commercial entity (company or individual) that stopped buying.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Family",
        compute="_compute_product_categ_id",
        store=True,
        precompute=True,
        readonly=False,
        help="Family (product category) of the service when it was lost.",
    )
    customer_segment_id = fields.Many2one(
        "customer.segment",
        string="Segment",
        compute="_compute_customer_segment_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        help="Segment of the customer when the service was lost.",
    )
    source = fields.Selection(
        [("invoice", "Billing cadence")],
        required=True,
        default="invoice",
        help="What detected the loss.",
    )
    cadence = fields.Selection(
        CADENCES,
        default="irregular",
        required=True,
        help="Usual billing interval of the service, learned from its history.",
    )
    last_billed_date = fields.Date(
        required=True,
        help="Date of the last invoice of the service (or end of the period it "
        "covered).",
    )
    expected_date = fields.Date(
        help="Date the next invoice was expected at the usual interval.",
    )
    lost_date = fields.Date(
        required=True,
        index=True,
        help="Date the service was considered lost (expected date plus grace).",
    )
    state = fields.Selection(
        [("lost", "Lost"), ("recovered", "Recovered")],
        default="lost",
        required=True,
        index=True,
    )
    recovered_date = fields.Date(
        help="Date of the first invoice of the service after it was lost.",
    )
    activity_id = fields.Many2one(
        "mail.activity",
        string="Follow-up Activity",
        ondelete="set null",
        readonly=True,
        help="Activity planned for the segment manager.",
    )
    is_notified = fields.Boolean(
        readonly=True,
        help="The segment manager was given an activity for this loss; it is "
        "kept once the activity is done, so none is planned twice.",
    )

    _sql_constraints = [
        (
            "loss_uniq",
            "UNIQUE (partner_id, company_id, product_id, source, last_billed_date)",
            "This loss of service is already recorded.",
        ),
    ]

    @api.depends("product_id")
    def _compute_product_categ_id(self):
        for loss in self:
            loss.product_categ_id = loss.product_id.categ_id

    @api.depends("partner_id")
    def _compute_customer_segment_id(self):
        for loss in self:
            loss.customer_segment_id = (
                loss.partner_id.commercial_partner_id.customer_segment_id
            )

    @api.constrains("partner_id")
    def _check_partner(self):
        for loss in self:
            if loss.partner_id != loss.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Record the lost service on %(entity)s, the commercial "
                        "entity of %(contact)s.",
                        entity=loss.partner_id.commercial_partner_id.display_name,
                        contact=loss.partner_id.display_name,
                    )
                )

    @api.constrains("last_billed_date", "lost_date", "recovered_date", "state")
    def _check_dates(self):
        for loss in self:
            if loss.lost_date < loss.last_billed_date:
                raise ValidationError(
                    self.env._(
                        "The service %(service)s of %(customer)s cannot be lost "
                        "before it was last billed (%(billed)s).",
                        service=loss.product_id.display_name,
                        customer=loss.partner_id.display_name,
                        billed=loss.last_billed_date,
                    )
                )
            if loss.state == "recovered" and not loss.recovered_date:
                raise ValidationError(
                    self.env._(
                        "Give the date the service %(service)s of %(customer)s was "
                        "billed again to mark it recovered.",
                        service=loss.product_id.display_name,
                        customer=loss.partner_id.display_name,
                    )
                )
