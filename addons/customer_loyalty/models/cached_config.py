from odoo import api, models


class CustomerLoyaltyCachedConfig(models.AbstractModel):
    """Configuration that ticket creation reads from the registry cache
    (``tools.ormcache`` methods of the inheriting model): any change of a
    record clears that cache, in this worker and, at the end of the
    transaction, in the others."""

    _name = "customer.loyalty.cached.config"
    _description = "Configuration Cached for Tickets"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
