from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advisory_survey_interval = fields.Integer(
        related="company_id.advisory_survey_interval", readonly=False
    )
    advisory_satisfaction_threshold = fields.Float(
        related="company_id.advisory_satisfaction_threshold", readonly=False
    )
    advisory_csat_survey_id = fields.Many2one(
        related="company_id.advisory_csat_survey_id", readonly=False
    )
    advisory_nps_survey_id = fields.Many2one(
        related="company_id.advisory_nps_survey_id", readonly=False
    )
