from odoo import api, models


class CustomerReportRecentFirst(models.AbstractModel):
    """Monthly reports read newest month first.

    A pivot asks its groups in no particular order, and Odoo then sorts them
    by the grouped fields, oldest month first: over a year of months the one a
    manager opens the report for, the last one, is the farthest away. Without
    an explicit order, groups by ``_recent_first_field`` come newest first.
    Charts keep their chronological axis: they ask for their months filled in
    (``fill_temporal``), which expects them oldest first.
    """

    _name = "customer.report.recent.first"
    _description = "Monthly Report Read Newest Month First"
    _recent_first_field = "month"

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        if not orderby and not self.env.context.get("fill_temporal"):
            groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
            if lazy:
                groupbys = groupbys[:1]
            names = [spec.split(":")[0] for spec in groupbys]
            if self._recent_first_field in names:
                orderby = ", ".join(
                    f"{name} desc" if name == self._recent_first_field else name
                    for name in names
                )
        return super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
