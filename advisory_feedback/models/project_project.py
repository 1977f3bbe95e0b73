from odoo import models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from ..fields import NullableInteger


class ProjectProject(models.Model):
    _inherit = "project.project"

    advisory_satisfaction = NullableFloat(
        string="Client Satisfaction (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Average satisfaction of the completed surveys about this project.",
    )
    advisory_nps = NullableInteger(
        string="NPS Answer",
        readonly=True,
        copy=False,
        help="Last 0-10 recommendation answer about this project.",
    )
