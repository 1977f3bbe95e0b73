from odoo import fields, models

ADVISORY_SURVEY_KINDS = [
    ("csat", "Satisfaction (CSAT)"),
    ("nps", "Net Promoter Score"),
]


class SurveySurvey(models.Model):
    _name = "survey.survey"
    # the mixin first: it drops the caller's tracking_disable before mail.thread
    # reads it
    _inherit = ("advisory.protected.mixin", "survey.survey")

    advisory_survey_kind = fields.Selection(
        ADVISORY_SURVEY_KINDS,
        index="btree_not_null",
        copy=False,
        help="Client satisfaction survey of the advisory firm: its completed answers "
        "score the client, the project and the engagement. Empty for other surveys.",
    )
