from odoo import api, fields, models

from ..fields import NullableFloat


class AdvisoryProjectKpi(models.Model):
    _name = "advisory.project.kpi"
    _description = "Advisory Project KPI"
    _inherit = "advisory.protected.mixin"
    _order = "project_id, sequence, id"

    project_id = fields.Many2one(
        "project.project",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="project_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="KPI", required=True)
    target = fields.Float()
    actual = fields.Float()
    unit = fields.Char(help="e.g. %, days, M CNY")
    internal = fields.Boolean(
        help="Internal KPIs are not shown to the client on her engagement's portal "
        "page.",
    )
    achieved_percent = NullableFloat(
        string="Achieved",
        compute="_compute_achieved_percent",
        store=True,
        aggregator="avg",
        help="Actual / target, as a fraction (1.0 = 100%); empty without a target.",
        protected=True,
    )

    @api.depends("target", "actual")
    def _compute_achieved_percent(self):
        for kpi in self:
            kpi.achieved_percent = kpi.actual / kpi.target if kpi.target else False
