from odoo import models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat, NullableInteger


class AdvisoryEngagement(models.Model):
    _inherit = "advisory.engagement"

    advisory_satisfaction = NullableFloat(
        string="Client Satisfaction (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Average satisfaction of the completed closing surveys of the engagement.",
        groups="base.group_user",
    )
    advisory_nps = NullableInteger(
        string="NPS Answer",
        readonly=True,
        copy=False,
        help="Last 0-10 recommendation answer of the engagement's closing survey.",
        groups="base.group_user",
    )
