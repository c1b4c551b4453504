"""The catalogue of the hosting company: five product families (product
categories) and their ten services."""

from odoo import Command

from .common import set_xmlid

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


def build(env, ctx):
    Category = env["product.category"]
    parent = Category.create({"name": "Hosting Services"})
    set_xmlid(env, "product_category_demo_services", parent)
    families = {}
    for key, name in FAMILIES:
        families[key] = Category.create({"name": name, "parent_id": parent.id})
        set_xmlid(env, "product_category_demo_" + key, families[key])
    products = {}
    for key, name, family, price in PRODUCTS:
        products[key] = env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "categ_id": families[family].id,
                "list_price": price,
                "sale_ok": True,
                "taxes_id": [Command.clear()],
            }
        )
        set_xmlid(env, "product_product_demo_" + key, products[key])
    ctx["products"] = products
