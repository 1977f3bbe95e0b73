from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    advisory_survey_interval = fields.Integer(
        string="Survey Interval (months)",
        default=3,
        help="Every active client receives the periodic satisfaction survey at most "
        "once in this many months.",
    )
    advisory_satisfaction_threshold = fields.Float(
        string="Low Satisfaction Threshold (%)",
        default=60.0,
        help="A completed survey below this satisfaction (or a detractor NPS answer) "
        "opens a feedback ticket.",
    )
    advisory_csat_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        domain="[('advisory_survey_kind', '=', 'csat')]",
        help="The CSAT survey sent after a project closes and periodically; the "
        "shipped one when empty.",
    )
    advisory_nps_survey_id = fields.Many2one(
        "survey.survey",
        string="NPS Survey",
        domain="[('advisory_survey_kind', '=', 'nps')]",
        help="The NPS question sent with the satisfaction survey; the shipped one "
        "when empty.",
    )

    @api.constrains("advisory_survey_interval", "advisory_satisfaction_threshold")
    def _check_advisory_feedback_settings(self):
        for company in self:
            if company.advisory_survey_interval <= 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the survey interval must be at least one month.",
                        company=company.name,
                    )
                )
            if not 0 <= company.advisory_satisfaction_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the satisfaction threshold is a percentage "
                        "between 0 and 100.",
                        company=company.name,
                    )
                )
