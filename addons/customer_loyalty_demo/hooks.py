from odoo.tools import SQL

from .stories import generate

# business records of the demo that invoices and tickets point to: they stay
# when the addon goes, as plain records (their XML ids go)
KEPT_MODELS = (
    "res.partner",
    "product.category",
    "product.template",
    "product.product",
    "helpdesk.ticket.team",
    "helpdesk.ticket",
    # a posted invoice cannot be deleted (the telecom customer's overdue fee)
    "account.move",
    # the e-mail alias of each team (a parent record of the team, with an XML
    # id of its own): the kept teams still point to it
    "mail.alias",
)


def post_init_hook(env):
    """Play the demo stories when the addon is installed with demo data; an
    install without demo data adds nothing."""
    module = env["ir.module.module"].search(
        [("name", "=", "customer_loyalty_demo")], limit=1
    )
    if module.demo:
        generate(env)


def uninstall_hook(env):
    """Keep the customers, products, teams and tickets of the demo: the
    invoices, answers and reports of the demo point to them."""
    env.cr.execute(
        SQL(
            "DELETE FROM ir_model_data"
            " WHERE module = 'customer_loyalty_demo' AND model = ANY(%s)",
            list(KEPT_MODELS),
        )
    )
