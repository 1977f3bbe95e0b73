from odoo import models

from odoo.addons.advisory_client_mgmt.fields import Selection

ADVISORY_SURVEY_KINDS = [
    ("csat", "Satisfaction (CSAT)"),
    ("nps", "Net Promoter Score"),
]


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    advisory_survey_kind = Selection(
        ADVISORY_SURVEY_KINDS,
        index="btree_not_null",
        copy=False,
        help="Client satisfaction survey of the advisory firm: its completed answers "
        "score the client, the project and the engagement. Empty for other surveys.",
    )
