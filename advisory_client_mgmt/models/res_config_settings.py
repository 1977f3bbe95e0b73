from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advisory_dormant_days = fields.Integer(
        related="company_id.advisory_dormant_days", readonly=False
    )
    advisory_churn_days = fields.Integer(
        related="company_id.advisory_churn_days", readonly=False
    )
    advisory_profile_review_months = fields.Integer(
        related="company_id.advisory_profile_review_months", readonly=False
    )
    advisory_document_gate = fields.Boolean(
        related="company_id.advisory_document_gate", readonly=False
    )
    advisory_threshold_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Threshold Currency"
    )
    advisory_executive_threshold = fields.Monetary(
        related="company_id.advisory_executive_threshold",
        currency_field="advisory_threshold_currency_id",
        readonly=False,
    )
