"""Demo data of the hosting company of seed 000, built with the ORM.

Called once from ``demo/loyalty_demo.xml`` (demo databases only). It draws
18 months of activity before the install date: ~30 customers whose segment
changes over time, monthly invoices of products in five families, ~150 tickets
across the intake categories and channels (with intake answers, resolution
summaries, complaints, follow-ups and derivations), answers to the annex I
satisfaction survey and to the post-resolution survey, then fills the
reporting tables and computes every KPI for every month.

Everything is drawn from a seeded random generator: two installs on the same
day give the same data, and the dates move with the install date.
"""

import logging
import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

SEED = 20070101
MONTHS = 18
PREFIX = "customer_loyalty."

# Product families (product categories) and products: (key, name, family, price)
FAMILIES = [
    ("hosting", "Hosting"),
    ("dedicated", "Dedicated Servers"),
    ("domains", "Domains"),
    ("cloud", "Cloud and Backup"),
    ("services", "Managed Services"),
]
PRODUCTS = [
    ("hosting_pro", "Professional hosting", "hosting", 45.0),
    ("hosting_wp", "Managed WordPress hosting", "hosting", 30.0),
    ("dedicated_l", "Dedicated server L", "dedicated", 290.0),
    ("dedicated_xl", "Dedicated server XL", "dedicated", 520.0),
    ("domain_es", "Domain .es", "domains", 12.0),
    ("domain_com", "Domain .com", "domains", 15.0),
    ("backup", "Online backup 500 GB", "cloud", 60.0),
    ("vps", "Cloud VPS", "cloud", 95.0),
    ("sysadmin", "System administration pack", "services", 180.0),
    ("ssl", "SSL certificate", "services", 25.0),
]

# Customers: (key, name, city, public administration, contacts,
#             segment timeline [(months before install, segment code or None)],
#             products bought {product key: months before install it stops or 0})
# The first four exist already in demo/survey_demo.xml (their xml ids are
# reused); codes: STD, PREF, STAR; None = no longer a customer.
CUSTOMERS = [
    (
        "ayto",
        "Ayuntamiento de Villaverde",
        "Villaverde",
        True,
        [],
        [(18, "PREF")],
        {"hosting_pro": 0, "domain_es": 0, "backup": 0},
    ),
    (
        "hostel",
        "Hostelería del Norte SL",
        "Bilbao",
        False,
        [],
        [(18, "STD"), (9, "PREF")],
        {"hosting_wp": 0, "domain_com": 0, "vps": 0},
    ),
    (
        "uni",
        "Universidad Demo",
        "Salamanca",
        True,
        [],
        [(18, "STAR")],
        {"dedicated_xl": 0, "dedicated_l": 0, "sysadmin": 0, "backup": 0},
    ),
    (
        "shop",
        "Tienda Online Sur SL",
        "Sevilla",
        False,
        [],
        [(18, "STD"), (4, None)],
        {"hosting_wp": 4, "domain_es": 4},
    ),
    (
        "diputacion",
        "Diputación Provincial de Almena",
        "Almena",
        True,
        ["Carmen Vidal", "Luis Herrero"],
        [(18, "PREF"), (6, "STAR")],
        {"dedicated_l": 0, "sysadmin": 0, "backup": 0, "domain_es": 0},
    ),
    (
        "consejeria",
        "Consejería de Hacienda de Montaraz",
        "Montaraz",
        True,
        ["Rosa Calvo"],
        [(18, "PREF")],
        {"hosting_pro": 0, "vps": 0, "ssl": 0},
    ),
    (
        "mancomunidad",
        "Mancomunidad del Valle",
        "Valdeoro",
        True,
        ["Tomás Ibarra"],
        [(18, "STD"), (12, "PREF")],
        {"hosting_pro": 0, "domain_es": 0},
    ),
    (
        "hospital",
        "Hospital Comarcal San Roque",
        "San Roque",
        True,
        ["Elena Soto", "Marcos Peña"],
        [(18, "STAR")],
        {"dedicated_xl": 0, "backup": 0, "sysadmin": 0, "vps": 0},
    ),
    (
        "puerto",
        "Autoridad Portuaria de Costaluz",
        "Costaluz",
        True,
        ["Inés Lozano"],
        [(18, "PREF")],
        {"dedicated_l": 0, "ssl": 0, "backup": 7},
    ),
    (
        "colegio",
        "Colegio Oficial de Ingenieros",
        "Madrid",
        False,
        ["Álvaro Rey"],
        [(18, "PREF")],
        {"hosting_pro": 0, "domain_com": 0},
    ),
    (
        "bancamar",
        "Bancamar Servicios Financieros SA",
        "Madrid",
        False,
        ["Patricia Núñez", "Sergio Campos"],
        [(18, "STAR")],
        {"dedicated_xl": 0, "dedicated_l": 0, "sysadmin": 0, "ssl": 0, "vps": 0},
    ),
    (
        "logistica",
        "Logística Íbera SL",
        "Zaragoza",
        False,
        ["Miguel Ortiz"],
        [(18, "PREF"), (5, "STD")],
        {"dedicated_l": 5, "hosting_pro": 0},
    ),
    (
        "editorial",
        "Editorial Cierzo SA",
        "Zaragoza",
        False,
        ["Nuria Gil"],
        [(18, "PREF")],
        {"hosting_wp": 0, "vps": 0, "backup": 0},
    ),
    (
        "clinica",
        "Clínica Dental Sonrisa",
        "Valencia",
        False,
        ["Ana Ferrer"],
        [(18, "STD")],
        {"hosting_wp": 0, "domain_es": 0},
    ),
    (
        "bodegas",
        "Bodegas Viña Alta SL",
        "Logroño",
        False,
        ["Javier Sáenz"],
        [(18, "STD"), (10, "PREF")],
        {"hosting_pro": 0, "domain_com": 0, "ssl": 0},
    ),
    (
        "taller",
        "Talleres Mecánicos Ruiz",
        "Burgos",
        False,
        [],
        [(18, "STD")],
        {"hosting_wp": 0},
    ),
    (
        "agencia",
        "Agencia Creativa Pixel SL",
        "Barcelona",
        False,
        ["Marta Puig", "Oriol Camps"],
        [(18, "STD"), (8, "PREF")],
        {"vps": 0, "hosting_wp": 0, "domain_com": 0, "backup": 0},
    ),
    (
        "gestoria",
        "Gestoría Martínez y Asociados",
        "Murcia",
        False,
        [],
        [(18, "STD")],
        {"hosting_pro": 0, "domain_es": 0},
    ),
    (
        "hotel",
        "Hotel Mirador del Lago",
        "Cangas",
        False,
        ["Beatriz Alonso"],
        [(18, "STD"), (3, None)],
        {"hosting_wp": 3, "domain_es": 3},
    ),
    (
        "academia",
        "Academia de Idiomas Babel",
        "Oviedo",
        False,
        [],
        [(16, "STD")],
        {"hosting_wp": 0, "domain_es": 0},
    ),
    (
        "farmacia",
        "Farmacia Central Cruz",
        "Toledo",
        False,
        [],
        [(15, "STD")],
        {"hosting_wp": 0},
    ),
    (
        "ingenieria",
        "Ingeniería Solar Levante SA",
        "Alicante",
        False,
        ["Pablo Marín"],
        [(14, "STD"), (6, "PREF")],
        {"dedicated_l": 0, "backup": 0, "domain_com": 0},
    ),
    (
        "tiendamoda",
        "Moda Urbana Online SL",
        "Málaga",
        False,
        ["Lucía Vega"],
        [(18, "PREF")],
        {"vps": 0, "ssl": 0, "backup": 9},
    ),
    (
        "inmobiliaria",
        "Inmobiliaria Costa Azul",
        "Marbella",
        False,
        [],
        [(18, "STD"), (7, None)],
        {"hosting_pro": 7, "domain_es": 7},
    ),
    (
        "asociacion",
        "Asociación Cultural El Faro",
        "Gijón",
        False,
        [],
        [(12, "STD")],
        {"hosting_wp": 0},
    ),
    (
        "fundacion",
        "Fundación Tierra Verde",
        "Granada",
        False,
        ["Irene Castro"],
        [(18, "PREF")],
        {"hosting_pro": 0, "domain_es": 0, "sysadmin": 0},
    ),
    (
        "software",
        "Software Norte Consultores SL",
        "Santander",
        False,
        ["Daniel Gómez"],
        [(18, "STAR")],
        {"dedicated_xl": 0, "vps": 0, "sysadmin": 0, "ssl": 0},
    ),
    (
        "transportes",
        "Transportes Rápidos Galaicos",
        "Vigo",
        False,
        [],
        [(18, "STD")],
        {"hosting_pro": 0, "domain_es": 0},
    ),
    (
        "ayto_rio",
        "Ayuntamiento de Riofrío",
        "Riofrío",
        True,
        ["Sonia Prieto"],
        [(10, "PREF")],
        {"hosting_pro": 0, "domain_es": 0, "ssl": 0},
    ),
    (
        "startup",
        "Nube Startup Labs SL",
        "Madrid",
        False,
        ["Hugo Ramos"],
        [(9, "STD"), (2, "PREF")],
        {"vps": 0, "backup": 0, "domain_com": 0},
    ),
]

SEGMENT_XMLIDS = {
    "STD": "segment_standard",
    "PREF": "segment_preferential",
    "STAR": "segment_star",
}

CATEGORY_XMLIDS = {
    "reinstall": "helpdesk_ticket_category_reinstall",
    "hardware": "helpdesk_ticket_category_hardware",
    "sysadmin": "helpdesk_ticket_category_sysadmin",
    "payment": "helpdesk_ticket_category_payment_aapp",
}

# Ticket subjects by category, with what the agent wrote when closing.
TICKET_TOPICS = {
    "reinstall": [
        (
            "Reinstall dedicated server with %(os)s",
            "Server reinstalled with %(os)s; credentials sent by phone.",
        ),
        (
            "Clean reinstall after a compromised server",
            "Disks wiped and %(os)s reinstalled; the customer restored the backup.",
        ),
        (
            "Change of operating system to %(os)s",
            "New operating system %(os)s installed and checked with the customer.",
        ),
    ],
    "hardware": [
        (
            "Add %(amount)s GB of RAM to the server",
            "Memory upgraded during the agreed window; the server is back online.",
        ),
        (
            "Extra disk for the database server",
            "Disk added and mounted; the customer confirmed the new space.",
        ),
        (
            "Faster CPU for the application server",
            "Server moved to the new CPU model; downtime 25 minutes.",
        ),
    ],
    "sysadmin": [
        (
            "Configure the firewall of the server",
            "Firewall rules applied and documented in the customer panel.",
        ),
        (
            "Mail server rejects messages",
            "SPF and DKIM records fixed; mail delivery checked.",
        ),
        (
            "Renew the SSL certificate on the server",
            "Certificate renewed and installed on the web server.",
        ),
        (
            "Database backups are not running",
            "Backup job repaired; first copy verified with the customer.",
        ),
    ],
    "payment": [
        (
            "How do we pay invoice %(invoice)s?",
            (
                "Payment instructions for public administrations sent (transfer, "
                "DIR3 codes of the electronic invoice)."
            ),
        ),
        (
            "Deferral of payment of invoice %(invoice)s",
            "Deferral agreed with Management; the service stays active.",
        ),
        (
            "Electronic invoice rejected by FACe",
            "Invoice reissued with the right accounting office codes.",
        ),
    ],
}
OTHER_TOPICS = {
    "question": [
        (
            "Which PHP versions does the hosting support?",
            "Available PHP versions explained; the customer switched to 8.3.",
        ),
        (
            "How do I point my domain to the new server?",
            "DNS records explained and checked.",
        ),
    ],
    "incident": [
        (
            "Website down since this morning",
            "Web server restarted after a disk full; monitoring added.",
        ),
        (
            "Slow response of the control panel",
            "Panel node restarted; response times back to normal.",
        ),
    ],
    "complaint": [
        (
            "Invoice sent to the wrong accounting office",
            "Invoice reissued to the right office and codes recorded.",
        ),
        (
            "Nobody told us the status of our request",
            "Customer called back with the status; follow-up flag set.",
        ),
        (
            "Service cut without notice for an unpaid invoice",
            "Service restored; payment reminder process reviewed.",
        ),
        (
            "We had to explain the problem three times",
            "Apologies given; intake template now asks everything once.",
        ),
    ],
    "suggestion": [
        (
            "Please send a single invoice for all services",
            "Suggestion recorded in the improvement areas.",
        ),
        (
            "Offer a WhatsApp channel for urgent matters",
            "Suggestion forwarded to the customer service lead.",
        ),
    ],
    "compliment": [
        (
            "Thanks for the quick reinstall",
            "Compliment shared with the advanced support team.",
        ),
        (
            "Great service from the preferential attention team",
            "Compliment shared with the team.",
        ),
    ],
}
COMPLAINT_CAUSES = [
    (
        "The DIR3 codes of the administration were not recorded at contract time.",
        (
            "Ask for the DIR3 codes in the contract intake and check them before "
            "the first invoice."
        ),
    ),
    (
        "Non-immediate requests had no follow-up owner.",
        "Flag every ticket not solved at first contact for follow-up (SMART 3).",
    ),
    (
        "The payment reminder was sent to an old e-mail address.",
        "Check the billing contact when the invoice is issued.",
    ),
    (
        "Each agent asked for different data about the server.",
        "Use the intake templates of SMART 2 for every dedicated-server request.",
    ),
]


class CustomerLoyaltyDemo(models.AbstractModel):
    _name = "customer.loyalty.demo"
    _description = "Customer Loyalty Demo Data"

    @api.model
    def _generate(self):
        """Build the whole demo data set (called from demo/loyalty_demo.xml).

        Runs once: a database that has it already is left as it is."""
        if self.env.ref(
            PREFIX + "helpdesk_ticket_team_demo_tsa", raise_if_not_found=False
        ):
            return
        rng = random.Random(SEED)
        today = fields.Date.context_today(self)
        start = (today - relativedelta(months=MONTHS)).replace(day=1)
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        demo = self.with_env(env)
        ctx = demo._prepare_context(rng, today, start)
        demo._create_products(ctx)
        demo._create_customers(ctx)
        demo._create_invoices(ctx)
        demo._create_tickets(ctx)
        demo._create_surveys(ctx)
        demo._link_evidence(ctx)
        demo._create_new_area(ctx)
        demo._fill_reporting(ctx)
        _logger.info(
            "customer_loyalty demo: %s customers, %s invoices, %s tickets, "
            "%s survey answers",
            len(ctx["customers"]),
            ctx["invoice_count"],
            len(ctx["tickets"]),
            ctx["survey_count"],
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _ref(self, xmlid):
        if "." not in xmlid:
            xmlid = PREFIX + xmlid
        return self.env.ref(xmlid)

    def _xmlid(self, name, record):
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": PREFIX + name,
                    "record": record,
                    "noupdate": True,
                }
            ]
        )

    def _month_start(self, ctx, months_ago):
        return (ctx["today"] - relativedelta(months=months_ago)).replace(day=1)

    def _prepare_context(self, rng, today, start):
        segments = {code: self._ref(xmlid) for code, xmlid in SEGMENT_XMLIDS.items()}
        users = {
            key: self._ref("improvement_demo_user_" + key)
            for key in (
                "marta",
                "gestion1",
                "gestion2",
                "jorge",
                "info1",
                "it1",
                "elena",
                "crm",
                "tsa",
            )
        }
        Team = self.env["helpdesk.ticket.team"]
        teams = {
            "preferential": Team.create(
                {
                    "name": "Preferential Attention",
                    "user_ids": [
                        Command.set(
                            [
                                users["info1"].id,
                                users["elena"].id,
                                self.env.ref("base.user_admin").id,
                            ]
                        )
                    ],
                }
            ),
            "tsa": Team.create(
                {
                    "name": "Advanced Technical Support (TSA)",
                    "user_ids": [Command.set([users["jorge"].id, users["tsa"].id])],
                }
            ),
            "management": Team.create(
                {
                    "name": "Management (Billing)",
                    "user_ids": [
                        Command.set([users["gestion1"].id, users["gestion2"].id])
                    ],
                }
            ),
        }
        for key, team in teams.items():
            self._xmlid("helpdesk_ticket_team_demo_" + key, team)
        stages = {
            "new": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new"),
            "progress": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
            "awaiting": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting"),
            "done": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"),
            "cancelled": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled"),
        }
        channels = {
            "email": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
            "phone": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
            "web": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web"),
            "whatsapp": self._ref("helpdesk_ticket_channel_whatsapp"),
            "social": self._ref("helpdesk_ticket_channel_social"),
            "in_person": self._ref("helpdesk_ticket_channel_in_person"),
            "suggestion_box": self._ref("helpdesk_ticket_channel_suggestion_box"),
        }
        return {
            "rng": rng,
            "today": today,
            "start": start,
            "now": fields.Datetime.now(),
            "segments": segments,
            "users": users,
            "teams": teams,
            "stages": stages,
            "channels": channels,
            "company": self.env.company,
            "invoice_count": 0,
            "survey_count": 0,
        }

    # ------------------------------------------------------------------
    # Products and customers
    # ------------------------------------------------------------------
    def _create_products(self, ctx):
        Category = self.env["product.category"]
        parent = Category.create({"name": "Hosting Services"})
        self._xmlid("product_category_demo_services", parent)
        families = {}
        for key, name in FAMILIES:
            families[key] = Category.create({"name": name, "parent_id": parent.id})
            self._xmlid("product_category_demo_" + key, families[key])
        products = {}
        for key, name, family, price in PRODUCTS:
            products[key] = self.env["product.product"].create(
                {
                    "name": name,
                    "type": "service",
                    "categ_id": families[family].id,
                    "list_price": price,
                    "sale_ok": True,
                    "taxes_id": [Command.clear()],
                }
            )
            self._xmlid("product_product_demo_" + key, products[key])
        ctx["products"] = products

    def _create_customers(self, ctx):
        Partner = self.env["res.partner"]
        History = self.env["customer.segment.history"].sudo()
        customers = {}
        for key, name, city, is_public, contacts, timeline, products in CUSTOMERS:
            existing = self.env.ref(
                PREFIX + "demo_customer_" + key, raise_if_not_found=False
            )
            domain = "%s.example.com" % key.replace("_", "")
            vals = {
                "city": city,
                "country_id": self.env.ref("base.es").id,
                "customer_rank": 1,
                "website": "https://www." + domain,
                "phone": "+34 9%02d %03d %03d"
                % (
                    ctx["rng"].randint(10, 99),
                    ctx["rng"].randint(100, 999),
                    ctx["rng"].randint(100, 999),
                ),
            }
            if existing:
                partner = existing
                partner.with_context(customer_loyalty_skip_history=True).write(vals)
            else:
                partner = Partner.with_context(
                    customer_loyalty_skip_history=True
                ).create(
                    dict(
                        vals,
                        name=name,
                        is_company=True,
                        email="info@" + domain,
                    )
                )
                self._xmlid("demo_customer_" + key, partner)
            for index, contact_name in enumerate(contacts, start=1):
                login = contact_name.split()[0].lower()
                contact = Partner.create(
                    {
                        "name": contact_name,
                        "parent_id": partner.id,
                        "email": "%s@%s" % (login, domain),
                        "function": "IT manager" if index == 1 else "Accounting",
                    }
                )
                self._xmlid("demo_customer_%s_contact_%s" % (key, index), contact)
            # segment history: rebuilt from the timeline, oldest first
            History.search([("partner_id", "=", partner.id)]).unlink()
            segment = False
            for months_ago, code in timeline:
                day = ctx["today"] - relativedelta(months=months_ago)
                if months_ago >= MONTHS:
                    day = ctx["start"]
                segment = ctx["segments"][code] if code else False
                History._record_segment_change(
                    [partner.id], segment.id if segment else False, day
                )
            partner.with_context(customer_loyalty_skip_history=True).write(
                {"customer_segment_id": segment.id if segment else False}
            )
            customers[key] = {
                "partner": partner,
                "public": is_public,
                "timeline": timeline,
                "products": products,
                "since": max(m for m, _code in timeline[:1]),
                "lost": timeline[-1][0] if timeline[-1][1] is None else None,
            }
        ctx["customers"] = customers

    def _segment_at(self, ctx, customer, day):
        """Segment code of ``customer`` on ``day`` from its timeline."""
        code = None
        for months_ago, segment_code in customer["timeline"]:
            since = ctx["today"] - relativedelta(months=months_ago)
            if months_ago >= MONTHS:
                since = ctx["start"]
            if day >= since:
                code = segment_code
        return code

    # ------------------------------------------------------------------
    # Invoices (revenue KPIs, snapshot, families, lost services)
    # ------------------------------------------------------------------
    def _create_invoices(self, ctx):
        rng = ctx["rng"]
        Move = self.env["account.move"]
        # The invoices and refunds of the accounting demo (large refunds of
        # this month) would hide the revenue of the hosting company: they are
        # cancelled, the KPIs count the invoices below.
        others = Move.search(
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
        )
        if others:
            others.button_draft()
            others.button_cancel()
        vals_list = []
        for customer in ctx["customers"].values():
            partner = customer["partner"]
            for months_ago in range(MONTHS, 0, -1):
                day = self._month_start(ctx, months_ago) + timedelta(
                    days=rng.randint(0, 9)
                )
                code = self._segment_at(ctx, customer, day)
                if not code:
                    continue
                # standard customers are invoiced every other month
                if code == "STD" and months_ago % 2:
                    continue
                factor = {"STD": 2.0, "PREF": 1.0, "STAR": 1.0}[code]
                lines = []
                for product_key, stop in customer["products"].items():
                    if stop and months_ago <= stop:
                        continue
                    product = ctx["products"][product_key]
                    quantity = 1 + (code == "STAR") + (product_key == "sysadmin")
                    price = round(
                        product.list_price * factor * rng.uniform(0.9, 1.3), 2
                    )
                    lines.append(
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": quantity,
                                "price_unit": price,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    )
                if lines:
                    vals_list.append(
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner.id,
                            "invoice_date": day,
                            "date": day,
                            "invoice_line_ids": lines,
                        }
                    )
        # one refund: a disputed invoice of a public administration
        ayto = ctx["customers"]["ayto"]["partner"]
        refund_day = self._month_start(ctx, 8) + timedelta(days=12)
        vals_list.append(
            {
                "move_type": "out_refund",
                "partner_id": ayto.id,
                "invoice_date": refund_day,
                "date": refund_day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": ctx["products"]["backup"].id,
                            "quantity": 1,
                            "price_unit": 60.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        moves = Move.create(vals_list)
        moves.action_post()
        ctx["invoice_count"] = len(moves)
        ctx["invoices"] = moves

    # ------------------------------------------------------------------
    # Tickets
    # ------------------------------------------------------------------
    def _intake_lines(self, category_key):
        template = {
            "reinstall": "helpdesk_intake_template_reinstall",
            "hardware": "helpdesk_intake_template_hardware",
            "sysadmin": "helpdesk_intake_template_sysadmin",
            "payment": "helpdesk_intake_template_payment_aapp",
        }[category_key]
        return self._ref(template).line_ids

    def _answer_vals(self, ctx, line, partner, opened, subject_vars):
        rng = ctx["rng"]
        vals = {"line_id": line.id}
        if line.answer_type == "text":
            question = line.question.lower()
            if "invoice" in question:
                vals["value_text"] = subject_vars["invoice"]
            elif "dir3" in question:
                vals["value_text"] = "L0%07d" % rng.randint(1000000, 9999999)
            elif "task" in question:
                vals["value_text"] = "See the ticket description."
            else:
                vals["value_text"] = "srv-%03d / 185.%d.%d.%d" % (
                    rng.randint(1, 400),
                    rng.randint(10, 99),
                    rng.randint(0, 255),
                    rng.randint(1, 254),
                )
        elif line.answer_type == "number":
            vals["value_number"] = subject_vars["amount"]
        elif line.answer_type == "boolean":
            vals["value_boolean"] = "yes" if rng.random() < 0.9 else "no"
        elif line.answer_type == "date":
            vals["value_date"] = opened.date() + timedelta(days=rng.randint(1, 5))
        elif line.answer_type == "choice" and line.option_ids:
            option = line.option_ids[rng.randrange(len(line.option_ids))]
            if line.option_ids[:1] and "Operating" in line.question:
                subject_vars["os"] = option.name
            vals["value_option_id"] = option.id
        return vals

    def _ticket_plan(self, ctx):
        """~150 ticket descriptions spread over the 18 months (more lately)."""
        rng = ctx["rng"]
        plan = []
        keys = sorted(ctx["customers"])
        total_days = (ctx["today"] - ctx["start"]).days
        for index in range(150):
            # slightly more tickets in recent months
            offset = int(total_days * (rng.random() ** 0.85))
            day = ctx["start"] + timedelta(days=offset)
            if index < 10:  # the open tickets of the last two weeks
                day = ctx["today"] - timedelta(days=rng.randint(0, 14))
            key = keys[rng.randrange(len(keys))]
            customer = ctx["customers"][key]
            if not self._segment_at(ctx, customer, day):
                # the customer had left: the ticket goes to a current one
                key = rng.choice(["uni", "ayto", "bancamar", "hospital", "diputacion"])
                customer = ctx["customers"][key]
            roll = rng.random()
            if roll < 0.22:
                kind = "reinstall"
            elif roll < 0.38:
                kind = "hardware"
            elif roll < 0.60:
                kind = "sysadmin"
            elif roll < 0.74:
                kind = "payment" if customer["public"] else "sysadmin"
            elif roll < 0.82:
                kind = "question"
            elif roll < 0.87:
                kind = "incident"
            elif roll < 0.94:
                kind = "complaint"
            elif roll < 0.97:
                kind = "suggestion"
            else:
                kind = "compliment"
            plan.append((day, key, kind, index < 10))
        plan.sort(key=lambda p: p[0])
        return plan

    def _create_tickets(self, ctx):
        rng = ctx["rng"]
        Ticket = self.env["helpdesk.ticket"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        )
        users = ctx["users"]
        smart2_day = ctx["today"] - relativedelta(months=7)
        smart3_day = ctx["today"] - relativedelta(months=5)
        category_channels = (
            ["email"] * 7
            + ["phone"] * 6
            + ["web"] * 3
            + ["whatsapp"] * 2
            + ["social", "in_person"]
        )
        created = []
        for number, (day, key, kind, is_open) in enumerate(
            self._ticket_plan(ctx), start=1
        ):
            customer = ctx["customers"][key]
            partner = customer["partner"]
            contact = partner.child_ids[:1] or partner
            code = self._segment_at(ctx, customer, day) or "STD"
            segment = ctx["segments"][code]
            opened = datetime.combine(day, time(rng.randint(7, 17), rng.randint(0, 59)))
            subject_vars = {
                "os": "Debian 12",
                "amount": rng.choice([16, 32, 64, 128]),
                "invoice": "INV/%s/%04d" % (day.year, rng.randint(1, 900)),
            }
            vals = {
                "partner_id": contact.id,
                "customer_segment_id": segment.id,
                "channel_id": ctx["channels"][rng.choice(category_channels)].id,
            }
            answers = []
            if kind in CATEGORY_XMLIDS:
                category = self._ref(CATEGORY_XMLIDS[kind])
                vals["category_id"] = category.id
                vals["contact_type"] = "request" if kind != "payment" else "question"
                for line in self._intake_lines(kind):
                    # open tickets sometimes still miss a required answer
                    if is_open and line.is_required and rng.random() < 0.3:
                        continue
                    if not line.is_required and rng.random() < 0.4:
                        continue
                    answers.append(
                        Command.create(
                            self._answer_vals(ctx, line, partner, opened, subject_vars)
                        )
                    )
                subject, summary = rng.choice(TICKET_TOPICS[kind])
                team = ctx["teams"]["management" if kind == "payment" else "tsa"]
                user = (
                    rng.choice([users["gestion1"], users["gestion2"]])
                    if kind == "payment"
                    else rng.choice([users["jorge"], users["tsa"]])
                )
            else:
                vals["contact_type"] = kind
                subject, summary = rng.choice(OTHER_TOPICS[kind])
                team = ctx["teams"]["preferential"]
                user = rng.choice([users["info1"], users["elena"]])
                if kind == "suggestion":
                    vals["channel_id"] = ctx["channels"][
                        rng.choice(["suggestion_box", "social", "email"])
                    ].id
                elif kind == "complaint":
                    vals["channel_id"] = ctx["channels"][
                        rng.choice(["phone", "email", "whatsapp", "social"])
                    ].id
            if code == "STD" and kind not in ("payment", "complaint"):
                team = ctx["teams"]["preferential"] if rng.random() < 0.2 else team
            vals.update(
                name=subject % subject_vars,
                description=Markup("<p>%s</p>") % (subject % subject_vars),
                team_id=team.id,
                user_id=user.id,
                intake_answer_ids=answers,
            )
            if kind == "complaint":
                cause, action = rng.choice(COMPLAINT_CAUSES)
                vals.update(
                    complaint_root_cause=cause,
                    complaint_corrective_action=action,
                    complaint_action_user_id=users["marta"].id,
                    complaint_action_deadline=day + timedelta(days=30),
                )
            # resolution time by segment target, ~90 % within target
            target = segment.resolution_target_hours or 72
            hours = target * rng.uniform(0.05, 0.7)
            if rng.random() < 0.1:
                hours = target * rng.uniform(1.1, 1.8)
            closed_at = opened + timedelta(hours=hours)
            response_hours = (segment.response_target_hours or 24) * rng.uniform(
                0.05, 1.2
            )
            if is_open or closed_at > ctx["now"]:
                stage = ctx["stages"][rng.choice(["new", "progress", "awaiting"])]
                closed_at = None
            else:
                stage = ctx["stages"]["cancelled" if rng.random() < 0.03 else "done"]
                vals["resolution_summary"] = Markup("<p>%s</p>") % (
                    summary % subject_vars
                )
            vals["stage_id"] = stage.id
            # customer contacts per ticket: SMART 2 halves them
            contacts = rng.choice([1, 2, 2, 3, 3, 4])
            if day >= smart2_day:
                contacts = rng.choice([1, 1, 1, 2])
            ticket = Ticket.create(vals)
            first_response = (
                opened + timedelta(hours=response_hours)
                if closed_at or stage != ctx["stages"]["new"]
                else None
            )
            if closed_at and first_response and first_response > closed_at:
                first_response = closed_at
            created.append(
                {
                    "ticket": ticket,
                    "opened": opened,
                    "closed": closed_at,
                    "first_response": first_response,
                    "contacts": contacts,
                    "kind": kind,
                    "key": key,
                    "number": number,
                    "day": day,
                }
            )
        ctx["tickets"] = created
        # derivation notes first: posting recounts the customer contacts,
        # which are set below
        self._create_derivations(ctx)
        self.env.flush_all()
        # dates as they were: create/close/response dates set in SQL (the ORM
        # stamps them with the clock), then the deadlines recomputed
        cr = self.env.cr
        for item in created:
            cr.execute(
                SQL(
                    """
                    UPDATE helpdesk_ticket
                       SET create_date = %(opened)s, write_date = %(opened)s,
                           closed_date = %(closed)s,
                           last_stage_update = coalesce(%(closed)s, %(opened)s),
                           assigned_date = %(opened)s,
                           first_response_date = %(first)s,
                           customer_contact_count = %(contacts)s,
                           survey_status = CASE WHEN %(closed)s IS NULL THEN NULL
                                                ELSE 'skipped_window' END,
                           survey_date = %(closed)s
                     WHERE id = %(id)s
                    """,
                    opened=item["opened"],
                    closed=item["closed"],
                    first=item["first_response"],
                    contacts=item["contacts"],
                    id=item["ticket"].id,
                )
            )
        tickets = self.env["helpdesk.ticket"].browse([i["ticket"].id for i in created])
        tickets.invalidate_recordset()
        tickets.modified(["create_date"])
        self.env.flush_all()
        self._create_followups(ctx, smart3_day)

    def _create_followups(self, ctx, since):
        """Status updates sent on non-immediate tickets since SMART 3, and the
        open tickets waiting for their next update."""
        rng = ctx["rng"]
        vals_list = []
        for item in ctx["tickets"]:
            ticket = item["ticket"]
            if item["opened"].date() < since:
                continue
            interval = ticket.customer_segment_id.followup_interval_days or 3
            end = item["closed"] or ctx["now"]
            due = item["opened"].date() + timedelta(days=interval)
            while datetime.combine(due, time(9)) < end:
                late = rng.random() < 0.12
                sent = datetime.combine(
                    due + timedelta(days=rng.randint(1, 2) if late else 0),
                    time(9, rng.randint(0, 59)),
                )
                vals_list.append(
                    {"ticket_id": ticket.id, "due_date": due, "sent_date": sent}
                )
                due += timedelta(days=interval)
            if not item["closed"]:
                ticket.write(
                    {
                        "needs_followup": True,
                        "next_update_date": max(due, ctx["today"]),
                    }
                )
        self.env["helpdesk.ticket.followup"].create(vals_list)

    def _create_derivations(self, ctx):
        """Tickets handed from the preferential desk to technical support."""
        rng = ctx["rng"]
        tsa = ctx["teams"]["tsa"]
        derived = [
            item
            for item in ctx["tickets"]
            if item["kind"] in ("incident", "question") and rng.random() < 0.6
        ]
        for item in derived:
            ticket = item["ticket"]
            ticket.write({"derivation_count": 1, "team_id": tsa.id})
            message = ticket.message_post(
                body=self.env._(
                    "Derived from %(old)s to %(new)s. Reason: %(reason)s",
                    old=ctx["teams"]["preferential"].name,
                    new=tsa.name,
                    reason=self.env._("needs access to the customer's server"),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET date = %s WHERE id = %s",
                    item["opened"] + timedelta(hours=1),
                    message.id,
                )
            )

    # ------------------------------------------------------------------
    # Surveys
    # ------------------------------------------------------------------
    def _rated_lines(self, ctx, survey, bias):
        """Answer lines for every rated question of ``survey`` (choice
        questions with 0-10 answers), drawn around ``bias[item_key]``."""
        rng = ctx["rng"]
        lines = []
        overall_score = None
        for question in survey.question_ids.filtered(
            lambda q: (
                q.loyalty_measure not in (False, "other") and q.suggested_answer_ids
            )
        ):
            answers = question.suggested_answer_ids
            if question.loyalty_measure == "recommend":
                value = 1 if rng.random() < 0.85 else 0
            else:
                mean = bias.get(question.loyalty_item_key, 7.6)
                if question.loyalty_measure == "importance":
                    mean = bias.get(
                        "importance:" + (question.loyalty_item_key or ""), 8
                    )
                value = max(0, min(10, round(rng.gauss(mean, 1.3))))
            answer = answers.filtered(lambda a, v=value: a.loyalty_value == v)[:1]
            if not answer:
                continue
            if question.loyalty_measure == "overall":
                overall_score = value
            lines.append(
                Command.create(
                    {
                        "question_id": question.id,
                        "answer_type": "suggestion",
                        "suggested_answer_id": answer.id,
                    }
                )
            )
        return lines, overall_score

    def _create_surveys(self, ctx):
        rng = ctx["rng"]
        Input = self.env["survey.user_input"].with_context(mail_notrack=True)
        annex = self._ref("survey_preferential_satisfaction")
        post = self._ref("survey_post_resolution")
        # annex I: the payment item is important and badly rated (SMART 1
        # candidate), the products well rated
        bias = {
            "payment_billing": 5.4,
            "importance:payment_billing": 9.2,
            "resolution_speed": 6.3,
            "importance:resolution_speed": 9.0,
            "communication": 6.6,
            "importance:communication": 8.4,
            "product_information": 7.9,
            "importance:product_information": 6.2,
            "product_range": 8.2,
            "importance:product_range": 5.8,
            "technical_knowledge": 8.6,
            "importance:technical_knowledge": 8.8,
        }
        vals_list = []
        campaigns = {}
        for months_ago in (13, 7, 1):
            launch = datetime.combine(self._month_start(ctx, months_ago), time(8, 0))
            for code in ("PREF", "STAR"):
                segment = ctx["segments"][code]
                campaign = self.env["customer.survey.campaign"].create(
                    {
                        "name": self.env._(
                            "%(segment)s satisfaction survey %(month)s",
                            segment=segment.name,
                            month=launch.strftime("%Y-%m"),
                        ),
                        "segment_id": segment.id,
                        "survey_id": annex.id,
                    }
                )
                campaign.write(
                    {
                        "state": "done",
                        "launch_date": launch,
                        "done_date": launch + timedelta(hours=1),
                    }
                )
                campaigns[months_ago, code] = campaign
        preferential = [
            c
            for c in ctx["customers"].values()
            if c["timeline"][-1][1] in ("PREF", "STAR")
        ]
        for customer in preferential:
            partner = customer["partner"]
            contact = partner.child_ids[:1] or partner
            # a semestral campaign: two answers per preferential customer
            for months_ago in (13, 7, 1):
                if rng.random() < 0.35:
                    continue
                day = self._month_start(ctx, months_ago) + timedelta(
                    days=rng.randint(0, 20)
                )
                code = self._segment_at(ctx, customer, day)
                if code not in ("PREF", "STAR"):
                    continue
                # later answers are better: the SMART projects worked
                improved = {
                    k: v + (1.2 if months_ago <= 7 else 0.0)
                    for k, v in bias.items()
                    if not k.startswith("importance:")
                }
                lines, _score = self._rated_lines(ctx, annex, dict(bias, **improved))
                when = datetime.combine(day, time(10, 0))
                vals_list.append(
                    {
                        "survey_id": annex.id,
                        "partner_id": contact.id,
                        "email": contact.email,
                        "loyalty_customer_id": partner.id,
                        "customer_segment_id": ctx["segments"][code].id,
                        "survey_campaign_id": campaigns[months_ago, code].id,
                        "state": "done",
                        "start_datetime": when,
                        "end_datetime": when + timedelta(minutes=12),
                        "loyalty_sent_date": when - timedelta(days=2),
                        "user_input_line_ids": lines,
                    }
                )
        # post-resolution survey: one answer per closed ticket of one in three
        for item in ctx["tickets"]:
            if not item["closed"] or rng.random() < 0.6:
                continue
            ticket = item["ticket"]
            sent = item["closed"] + timedelta(days=2)
            if sent > ctx["now"]:
                continue
            post_bias = {"resolution_time": 7.8, "complaint_handling": 6.8}
            if item["kind"] == "complaint":
                post_bias = {k: v - 1.5 for k, v in post_bias.items()}
            lines, _score = self._rated_lines(ctx, post, post_bias)
            vals_list.append(
                {
                    "survey_id": post.id,
                    "partner_id": ticket.partner_id.id,
                    "email": ticket.partner_id.email,
                    "ticket_id": ticket.id,
                    "loyalty_customer_id": ticket.commercial_partner_id.id,
                    "customer_segment_id": ticket.customer_segment_id.id,
                    "state": "done",
                    "start_datetime": sent + timedelta(hours=5),
                    "end_datetime": sent + timedelta(hours=5, minutes=3),
                    "loyalty_sent_date": sent,
                    "user_input_line_ids": lines,
                }
            )
            item["survey_sent"] = sent
        inputs = Input.create(vals_list)
        # the tickets surveyed say so
        for item in ctx["tickets"]:
            if item.get("survey_sent"):
                self.env.cr.execute(
                    SQL(
                        "UPDATE helpdesk_ticket SET survey_status = 'sent',"
                        " survey_date = %s WHERE id = %s",
                        item["survey_sent"],
                        item["ticket"].id,
                    )
                )
        # participants of the closed SMART projects answer the D.2 survey
        participant = self._ref("survey_improvement_participant")
        for xmlid in (
            "improvement_project_demo_smart1",
            "improvement_project_demo_smart3",
        ):
            project = self._ref(xmlid)
            answers = Input.browse()
            for member in project.member_ids:
                lines, _score = self._rated_lines(
                    ctx,
                    participant,
                    {"group_invitation": 9.0, "group_overall": 8.6, "group_future": 8.2}
                    if xmlid.endswith("1")
                    else {
                        "group_invitation": 7.0,
                        "group_overall": 5.8,
                        "group_future": 6.5,
                    },
                )
                when = datetime.combine(
                    project.date_closed or ctx["today"], time(11, 0)
                ) + timedelta(days=3)
                answers |= Input.create(
                    {
                        "survey_id": participant.id,
                        "partner_id": member.partner_id.id,
                        "email": member.email,
                        "state": "done",
                        "start_datetime": when,
                        "end_datetime": when + timedelta(minutes=4),
                        "user_input_line_ids": lines,
                    }
                )
            project.write(
                {
                    "participant_survey_id": participant.id,
                    "participant_input_ids": [Command.set(answers.ids)],
                    "is_participant_survey_sent": True,
                }
            )
            inputs |= answers
        ctx["survey_count"] = len(inputs)
        ctx["survey_inputs"] = inputs

    # ------------------------------------------------------------------
    # Evidence of the improvement areas
    # ------------------------------------------------------------------
    def _link_evidence(self, ctx):
        tickets = {
            kind: self.env["helpdesk.ticket"].browse(
                [i["ticket"].id for i in ctx["tickets"] if i["kind"] == kind]
            )
            for kind in ("payment", "complaint", "reinstall", "hardware", "sysadmin")
        }
        annex = self._ref("survey_preferential_satisfaction")

        def items(key):
            return annex.question_ids.filtered(lambda q: q.loyalty_item_key == key)

        self._ref("improvement_area_demo_payment").write(
            {
                "ticket_ids": [
                    Command.set((tickets["payment"] | tickets["complaint"])[:12].ids)
                ],
                "survey_question_ids": [Command.set(items("payment_billing").ids)],
            }
        )
        self._ref("improvement_area_demo_followup").write(
            {
                "ticket_ids": [Command.set(tickets["complaint"][:6].ids)],
                "survey_question_ids": [Command.set(items("communication").ids)],
            }
        )
        self._ref("improvement_area_demo_intake").write(
            {
                "ticket_ids": [
                    Command.set(
                        (
                            tickets["reinstall"][:4]
                            | tickets["hardware"][:4]
                            | tickets["sysadmin"][:4]
                        ).ids
                    )
                ],
                "survey_question_ids": [Command.set(items("resolution_speed").ids)],
            }
        )
        self._ref("improvement_area_demo_single_invoice").write(
            {
                "ticket_ids": [
                    Command.set(
                        [
                            i["ticket"].id
                            for i in ctx["tickets"]
                            if i["kind"] == "suggestion"
                        ]
                    )
                ]
            }
        )

    def _create_new_area(self, ctx):
        """The next improvement area, read in the last survey wave: speed of
        resolution is important and rated under 7. Selected, with a SMART 4
        project still in planning."""
        annex = self._ref("survey_preferential_satisfaction")
        users = ctx["users"]
        area = self.env["improvement.area"].create(
            {
                "name": "Speed of resolution of dedicated-server incidents",
                "sequence": 6,
                "origin": "survey",
                "segment_id": ctx["segments"]["PREF"].id,
                "user_id": users["marta"].id,
                "description": Markup(
                    "<p>Preferential customers rate the speed of resolution "
                    "under 7 while they give it an importance of 9.</p>"
                ),
                "smart_specific": True,
                "smart_specific_note": "Incidents of dedicated servers.",
                "smart_measurable": True,
                "smart_measurable_note": "Average resolution time and the survey item.",
                "smart_achievable": True,
                "smart_achievable_note": "Advanced support owns the resolution.",
                "smart_relevant": True,
                "smart_relevant_note": "Second worst item of the matrix.",
                "smart_time_bound": True,
                "smart_time_bound_note": "Four months.",
                "survey_question_ids": [
                    Command.set(
                        annex.question_ids.filtered(
                            lambda q: q.loyalty_item_key == "resolution_speed"
                        ).ids
                    )
                ],
                "ticket_ids": [
                    Command.set(
                        [
                            i["ticket"].id
                            for i in ctx["tickets"]
                            if i["kind"] == "incident"
                        ]
                    )
                ],
            }
        )
        area.action_select()
        self._xmlid("improvement_area_demo_resolution_speed", area)
        project = self.env["improvement.project"].create(
            {
                "name": "SMART 4: faster resolution of dedicated-server incidents",
                "objective": "Bring the average resolution time of dedicated-server "
                "incidents of preferential customers under 24 hours.",
                "area_id": area.id,
                "leader_id": users["jorge"].id,
                "member_ids": [
                    Command.set([users["tsa"].id, users["it1"].id, users["info1"].id])
                ],
                "date_start": ctx["today"] + timedelta(days=10),
                "date_end": ctx["today"] + relativedelta(months=4),
                "stage_id": self._ref("improvement_project_stage_planning").id,
            }
        )
        self._xmlid("improvement_project_demo_smart4", project)

    # ------------------------------------------------------------------
    # Reporting tables and KPIs
    # ------------------------------------------------------------------
    def _fill_reporting(self, ctx):
        self.env.flush_all()
        self.env["helpdesk.ticket.analysis"]._refresh_months()
        self.env["customer.satisfaction.summary"]._refresh_months()
        # snapshots, lost services (and their activities) and health scores,
        # as the daily cron builds them
        self.env["customer.partner.snapshot"]._cron_refresh_snapshots()
        periods = [self._month_start(ctx, m) for m in range(MONTHS, 0, -1)]
        Kpi = self.env["customer.kpi"].sudo()
        self._create_targets(ctx)
        kpis = Kpi.search([("computation", "=", "builtin")])
        kpis._compute_values(periods)
        self._fill_manual_kpis(ctx, periods)
        # the crons start from here, without redoing the demo months
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(
            "customer_loyalty.ticket_analysis_refreshed_at",
            fields.Datetime.to_string(fields.Datetime.now()),
        )

    def _create_targets(self, ctx):
        """Yearly targets of seed 000 E.1 for last year and this year."""
        Target = self.env["customer.kpi.target"].sudo()
        targets = [
            ("customer_kpi_revenue_growth", None, 10),
            ("customer_kpi_customer_count", "PREF", 10),
            ("customer_kpi_churn_rate", None, 5),
            ("customer_kpi_resolution_hours", None, 24),
            ("customer_kpi_first_response_hours", None, 8),
            ("customer_kpi_retention_rate", None, 85),
            ("customer_kpi_satisfaction_index", None, 8),
            ("customer_kpi_complaints", None, 3),
            ("customer_kpi_contacts_per_ticket", None, 1.5),
            ("customer_kpi_revenue", "PREF", 6000),
            ("customer_kpi_revenue", "STAR", 9000),
        ]
        years = sorted({ctx["start"].year, ctx["today"].year})
        for xmlid, code, value in targets:
            kpi = self._ref(xmlid)
            segment = ctx["segments"][code] if code else False
            for year in years:
                domain = [
                    ("kpi_id", "=", kpi.id),
                    ("year", "=", year),
                    ("segment_id", "=", segment.id if segment else False),
                ]
                if not Target.search_count(domain):
                    Target.create(
                        {
                            "kpi_id": kpi.id,
                            "year": year,
                            "segment_id": segment.id if segment else False,
                            "value": value,
                        }
                    )

    def _fill_manual_kpis(self, ctx, periods):
        """Monthly values of the indicators entered by hand (surveys and
        tickets give most of them; profitability comes from accounting)."""
        rng = ctx["rng"]
        Value = self.env["customer.kpi.value"].sudo()
        inputs = ctx["survey_inputs"]
        series = {}
        for period in periods:
            end = period + relativedelta(months=1)
            month_inputs = inputs.filtered(
                lambda i, p=period, e=end: (
                    i.end_datetime
                    and p <= i.end_datetime.date() < e
                    and i.loyalty_customer_id
                )
            )
            scores = [
                i.loyalty_overall_score
                for i in month_inputs
                if i.has_loyalty_overall_score
            ]
            month_tickets = [i for i in ctx["tickets"] if period <= i["day"] < end]
            complaints = [i for i in month_tickets if i["kind"] == "complaint"]
            closed_complaints = [i for i in complaints if i["closed"]]
            values = {
                "customer_kpi_complaints": len(complaints),
                "customer_kpi_contacts_per_ticket": (
                    sum(i["contacts"] for i in month_tickets) / len(month_tickets)
                    if month_tickets
                    else None
                ),
                "customer_kpi_complaint_resolution_hours": (
                    sum(
                        (i["closed"] - i["opened"]).total_seconds() / 3600
                        for i in closed_complaints
                    )
                    / len(closed_complaints)
                    if closed_complaints
                    else None
                ),
                "customer_kpi_profitability": round(rng.uniform(14, 22), 1),
                "customer_kpi_proactive_sales": rng.randint(0, 4),
            }
            if scores:
                values["customer_kpi_satisfaction_index"] = sum(scores) / len(scores)
                values["customer_kpi_satisfied_rate"] = (
                    100.0 * len([s for s in scores if s >= 7]) / len(scores)
                )
                values["customer_kpi_complaint_satisfaction"] = min(
                    10.0, sum(scores) / len(scores) - 0.6
                )
                values["customer_kpi_recommend_rate"] = round(rng.uniform(78, 95), 1)
            followups = self.env["helpdesk.ticket.followup"].search(
                [
                    ("sent_date", ">=", period),
                    ("sent_date", "<", end),
                ]
            )
            if followups:
                values["customer_kpi_followup_on_time_rate"] = (
                    100.0 * len(followups.filtered("is_on_time")) / len(followups)
                )
            series[period] = values
        for period, values in series.items():
            for xmlid, value in values.items():
                kpi = self._ref(xmlid)
                if kpi.computation != "manual" or value is None:
                    continue
                if Value.search_count(
                    [
                        ("kpi_id", "=", kpi.id),
                        ("period", "=", period),
                        ("segment_id", "=", False),
                    ]
                ):
                    continue
                Value.create(
                    {
                        "kpi_id": kpi.id,
                        "period": period,
                        "value": round(value, 2),
                    }
                )
