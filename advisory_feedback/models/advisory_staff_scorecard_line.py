from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from .advisory_kpi_definition import DIRECTIONS
from .advisory_kpi_snapshot_line import KPI_STATUSES

MEASURE_UNITS = [
    ("percent", "Percent"),
    ("score", "Score"),
    ("amount", "Amount"),
    ("hours", "Hours"),
]


class AdvisoryStaffScorecardLine(models.Model):
    """One measure of a scorecard: its value, target, rank among the period's
    cards and the value of the previous period."""

    _name = "advisory.staff.scorecard.line"
    _description = "Staff Scorecard Measure"
    _inherit = ("advisory.protected.mixin", "advisory.measure.line.mixin")
    _order = "date_to desc, scorecard_id, sequence, id"
    _rec_name = "measure_code"

    scorecard_id = fields.Many2one(
        "advisory.staff.scorecard",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        related="scorecard_id.user_id", store=True, index=True, string="Staff"
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, index=True, string="Company"
    )
    role = fields.Selection(related="scorecard_id.role", store=True)
    date_from = fields.Date(related="scorecard_id.date_from", store=True)
    date_to = fields.Date(related="scorecard_id.date_to", store=True)
    period_type = fields.Selection(related="scorecard_id.period_type", store=True)
    period = fields.Char(related="scorecard_id.period", store=True)
    sequence = fields.Integer(readonly=True)
    measure_code = fields.Selection(
        selection="_selection_measure_code",
        string="Measure",
        required=True,
        readonly=True,
        protected=True,
    )
    unit = fields.Selection(MEASURE_UNITS, compute="_compute_unit")
    value = NullableFloat(
        readonly=True,
        aggregator="avg",
        protected=True,
        help="A fraction for shares (0.9 = 90 %), -1 to 1 for the NPS, an amount "
        "in the company currency or hours; empty when there is no data.",
    )
    numerator = NullableFloat(readonly=True, protected=True)
    denominator = fields.Float(
        readonly=True,
        protected=True,
        help="Records the measure is computed on (answers, tickets, contacts, "
        "clients, contracts, training records, required certifications).",
    )
    target = NullableFloat(
        readonly=True,
        aggregator="avg",
        protected=True,
        help="The target of the staff member's role; amounts and hours are per "
        "month, multiplied by the months of the period.",
    )
    direction = fields.Selection(DIRECTIONS, readonly=True, protected=True)
    achievement = NullableFloat(
        readonly=True,
        aggregator="avg",
        protected=True,
        help="Value against target (1 = target reached; capped at 1.5).",
    )
    status = fields.Selection(KPI_STATUSES, readonly=True, index=True, protected=True)
    rank = fields.Integer(
        readonly=True,
        protected=True,
        help="Rank of the value among the cards of the period with a value "
        "(1 = best); 0 without data.",
    )
    previous_value = NullableFloat(
        readonly=True,
        aggregator="avg",
        protected=True,
        help="The value of the previous card of the same period type.",
    )
    trend = fields.Selection(
        [("up", "Up"), ("down", "Down"), ("flat", "Flat")],
        readonly=True,
        protected=True,
    )

    @api.model
    def _selection_measure_code(self):
        return self.env["advisory.staff.scorecard"]._selection_measure_code()

    @api.depends("measure_code")
    def _compute_unit(self):
        specs = self.env["advisory.staff.scorecard"]._scorecard_measure_specs()
        for line in self:
            line.unit = specs.get(line.measure_code, {}).get("unit", False)
