from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..models.advisory_kpi_period_mixin import PERIOD_TYPES


class AdvisoryKpiSnapshotCompute(models.TransientModel):
    """Compute (or recompute) the KPI snapshot of a period."""

    _name = "advisory.kpi.snapshot.compute"
    _description = "Compute KPIs"
    _inherit = "advisory.protected.mixin"

    period_type = fields.Selection(PERIOD_TYPES, required=True, default="quarter")
    date_from = fields.Date(
        string="From",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("period_type")
    def _compute_dates(self):
        """The last completed period of the type (the dates stay for custom)."""
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        for wizard in self:
            if wizard.period_type == "month":
                wizard.date_from = month_start - relativedelta(months=1)
                wizard.date_to = month_start - relativedelta(days=1)
            elif wizard.period_type == "quarter":
                quarter_start = month_start - relativedelta(
                    months=(month_start.month - 1) % 3
                )
                wizard.date_from = quarter_start - relativedelta(months=3)
                wizard.date_to = quarter_start - relativedelta(days=1)
            elif wizard.period_type == "year":
                wizard.date_from = today.replace(year=today.year - 1, month=1, day=1)
                wizard.date_to = today.replace(year=today.year - 1, month=12, day=31)
            else:
                wizard.date_from = wizard.date_from or month_start
                wizard.date_to = wizard.date_to or today

    def action_compute(self):
        self.ensure_one()
        snapshot = self.env["advisory.kpi.snapshot"].compute_snapshot(
            self.date_from, self.date_to
        )
        return snapshot.action_open_dashboard()
