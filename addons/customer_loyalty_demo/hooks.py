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
    """Keep the customers, products and teams of the demo: the invoices and
    tickets of the demo point to them."""
    env.cr.execute(
        SQL(
            "DELETE FROM ir_model_data"
            " WHERE module = 'customer_loyalty_demo' AND model = ANY(%s)",
            list(KEPT_MODELS),
        )
    )
