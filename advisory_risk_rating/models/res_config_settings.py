from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advisory_tier_a_share = fields.Float(
        related="company_id.advisory_tier_a_share", readonly=False
    )
    advisory_tier_b_share = fields.Float(
        related="company_id.advisory_tier_b_share", readonly=False
    )
    advisory_financing_small = fields.Monetary(
        related="company_id.advisory_financing_small",
        currency_field="advisory_threshold_currency_id",
        readonly=False,
    )
    advisory_financing_large = fields.Monetary(
        related="company_id.advisory_financing_large",
        currency_field="advisory_threshold_currency_id",
        readonly=False,
    )
