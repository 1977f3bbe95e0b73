from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advisory_loyalty_window_months = fields.Integer(
        related="company_id.advisory_loyalty_window_months", readonly=False
    )
    advisory_loyalty_expiry_months = fields.Integer(
        related="company_id.advisory_loyalty_expiry_months", readonly=False
    )
