from odoo import fields, models


class AdvisoryCommunicationPlan(models.Model):
    _inherit = "advisory.communication.plan"

    service_matrix_managed = fields.Boolean(
        string="From Service Matrix",
        readonly=True,
        copy=False,
        help="Made or adjusted by the service matrix: when the client's row changes, "
        "the plan follows its cadence, or is archived when its channel leaves the "
        "row's channel mix.",
        protected=True,
    )
