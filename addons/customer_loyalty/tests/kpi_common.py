"""Hand-built data set of the KPI tests (2019-2020, far from demo data).

Segment history (P = preferential, S = standard, R = star)::

    A  P from 2018-06-01 (open)
    B  P 2019-01-01 -> 2020-07-01, then S (downgraded: a cancellation of P)
    C  P 2019-03-01 -> 2020-05-01, then no segment (lost)
    D  S from 2019-01-01 (open)
    E  R from 2020-02-01 (new)
    F  no segment

Posted customer invoices (untaxed, company currency), product family in []::

    2019-03-10 A  1000 [Hosting] + 500 [Domains]
    2019-06-15 C  2000 [Hosting]
    2019-09-01 D   400 [Hosting]
    2019-11-20 B   600 [Domains]
    2020-02-10 A  1200 [Hosting] + 300 [Domains] + 200 [Backup]
    2020-03-05 A  refund 100 [Hosting]
    2020-08-15 B   800 [Hosting]
    2020-12-05 E  1000 [Backup]
    2020-12-10 F   250 [Domains]
"""

from datetime import date, datetime

from .common import LoyaltyCase


class KpiCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["customer.kpi"]
        cls.Value = cls.env["customer.kpi.value"]
        Category = cls.env["product.category"]
        cls.cat_hosting = Category.create({"name": "Hosting"})
        cls.cat_domains = Category.create({"name": "Domains"})
        cls.cat_backup = Category.create({"name": "Backup"})
        Product = cls.env["product.product"]
        cls.hosting = Product.create(
            {"name": "Dedicated server", "categ_id": cls.cat_hosting.id}
        )
        cls.domain = Product.create(
            {"name": "Domain .es", "categ_id": cls.cat_domains.id}
        )
        cls.backup = Product.create(
            {"name": "Online backup", "categ_id": cls.cat_backup.id}
        )

        def customer(name, segment, since):
            return cls.Partner.with_context(segment_change_date=since).create(
                {
                    "name": name,
                    "is_company": True,
                    "customer_segment_id": segment.id if segment else False,
                }
            )

        cls.a = customer("A Hosting", cls.preferential, date(2018, 6, 1))
        cls.b = customer("B Hosting", cls.preferential, date(2019, 1, 1))
        cls.c = customer("C Hosting", cls.preferential, date(2019, 3, 1))
        cls.d = customer("D Hosting", cls.standard, date(2019, 1, 1))
        cls.e = customer("E Hosting", cls.star, date(2020, 2, 1))
        cls.f = customer("F Hosting", False, date(2019, 1, 1))
        cls.b.with_context(
            segment_change_date=date(2020, 7, 1)
        ).customer_segment_id = cls.standard
        cls.c.with_context(
            segment_change_date=date(2020, 5, 1)
        ).customer_segment_id = False

        cls._invoice(cls.a, "2019-03-10", [(cls.hosting, 1000), (cls.domain, 500)])
        cls._invoice(cls.c, "2019-06-15", [(cls.hosting, 2000)])
        cls._invoice(cls.d, "2019-09-01", [(cls.hosting, 400)])
        cls._invoice(cls.b, "2019-11-20", [(cls.domain, 600)])
        cls._invoice(
            cls.a,
            "2020-02-10",
            [(cls.hosting, 1200), (cls.domain, 300), (cls.backup, 200)],
        )
        cls._invoice(cls.a, "2020-03-05", [(cls.hosting, 100)], "out_refund")
        cls._invoice(cls.b, "2020-08-15", [(cls.hosting, 800)])
        cls._invoice(cls.e, "2020-12-05", [(cls.backup, 1000)])
        cls._invoice(cls.f, "2020-12-10", [(cls.domain, 250)])

        cls.year_2020 = (date(2020, 1, 1), date(2021, 1, 1))
        cls.segments = cls.standard | cls.preferential | cls.star

    @classmethod
    def _settle_other_companies(cls, period):
        """Compute the built-in KPIs of ``period`` for every company but the
        test company: a database with the demo addon holds several companies,
        and the KPI cron tests count the work of the test company only."""
        for company in cls.env["res.company"].search([("id", "!=", cls.company.id)]):
            Kpi = cls.env["customer.kpi"].with_company(company).sudo()
            Kpi.search(
                [
                    ("computation", "=", "builtin"),
                    ("company_id", "in", [False, company.id]),
                ]
            )._compute_values([period])

    @classmethod
    def _december_tickets_of_a(cls):
        """The two December 2020 tickets of A (preferential): T1 answered
        after 2 h and closed in 24 h within its deadline, T2 answered after
        4 h and closed in 48 h, late."""
        return cls._ticket_at(
            cls.a,
            dt("2020-12-01 08:00"),
            closed=dt("2020-12-02 08:00"),
            first_response=dt("2020-12-01 10:00"),
            deadline=dt("2020-12-03 08:00"),
        ) | cls._ticket_at(
            cls.a,
            dt("2020-12-03 00:00"),
            closed=dt("2020-12-05 00:00"),
            first_response=dt("2020-12-03 04:00"),
            deadline=dt("2020-12-04 00:00"),
        )

    @classmethod
    def _ticket_at(
        cls, partner, created, closed=None, first_response=None, deadline=None
    ):
        """A ticket whose dates are set as they were in the past."""
        ticket = cls._create_ticket(partner)
        if closed:
            ticket.stage_id = cls.closed_stage
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, closed_date = %s,"
            " first_response_date = %s, resolution_deadline = %s WHERE id = %s",
            (created, closed, first_response, deadline, ticket.id),
        )
        ticket.invalidate_recordset()
        return ticket

    def _compute(self, formula, window=None):
        date_from, date_to = window or self.year_2020
        kpi = self.Kpi.search([("formula", "=", formula)], limit=1)
        result = getattr(kpi, f"_kpi_{formula}")(date_from, date_to, self.segments)
        return {
            "all": result[False],
            "std": result[self.standard.id],
            "pref": result[self.preferential.id],
            "star": result[self.star.id],
        }

    def assertValues(self, result, expected):
        for key, value in expected.items():
            if value is None:
                self.assertIsNone(result[key], key)
            else:
                self.assertAlmostEqual(result[key], value, places=4, msg=key)


def dt(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")
