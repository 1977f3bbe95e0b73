from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advisory_dormant_days = fields.Integer(
        related="company_id.advisory_dormant_days", readonly=False
    )
    advisory_churn_days = fields.Integer(
        related="company_id.advisory_churn_days", readonly=False
    )
