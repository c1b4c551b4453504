"""The customers: 30 companies and their contacts, with a segment history
that changes over the 18 months (promotions, one step back, three lost)."""

from dateutil.relativedelta import relativedelta

from .common import MAIN, MONTHS, set_xmlid

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


def build(env, ctx):
    Partner = env["res.partner"]
    History = env["customer.segment.history"].sudo()
    customers = {}
    for key, name, city, is_public, contacts, timeline, products in CUSTOMERS:
        existing = env.ref(MAIN + "demo_customer_" + key, raise_if_not_found=False)
        domain = "%s.example.com" % key.replace("_", "")
        vals = {
            "city": city,
            "country_id": env.ref("base.es").id,
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
            partner = Partner.with_context(customer_loyalty_skip_history=True).create(
                dict(
                    vals,
                    name=name,
                    is_company=True,
                    email="info@" + domain,
                )
            )
            set_xmlid(env, "demo_customer_" + key, partner)
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
            set_xmlid(env, "demo_customer_%s_contact_%s" % (key, index), contact)
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
