from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from .advisory_kpi_definition import AGGREGATIONS, DIRECTIONS, UNITS

KPI_STATUSES = [
    ("met", "Met"),
    ("missed", "Missed"),
    ("no_data", "No Data"),
]


class AdvisoryKpiSnapshotLine(models.Model):
    """One KPI of a snapshot: its value, the counts behind it, its target and how
    it moved since the previous snapshot of the same period type."""

    _name = "advisory.kpi.snapshot.line"
    _description = "Advisory KPI Value"
    _inherit = ("advisory.protected.mixin", "advisory.measure.line.mixin")
    _order = "date_to desc, snapshot_id, sequence, id"
    _rec_name = "kpi_code"

    snapshot_id = fields.Many2one(
        "advisory.kpi.snapshot",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="snapshot_id.company_id", store=True, index=True, string="Company"
    )
    date_from = fields.Date(related="snapshot_id.date_from", store=True)
    date_to = fields.Date(related="snapshot_id.date_to", store=True)
    period_type = fields.Selection(related="snapshot_id.period_type", store=True)
    period = fields.Char(related="snapshot_id.name", store=True, string="Period")
    sequence = fields.Integer(readonly=True)
    # a code of the registry (advisory.kpi.definition), see advisory.kpi.target
    kpi_code = fields.Selection(
        selection="_selection_kpi_code", string="KPI", required=True, readonly=True
    )
    kpi_definition_id = fields.Many2one(
        "advisory.kpi.definition", string="Definition", compute="_compute_unit"
    )
    name = fields.Char(compute="_compute_name")
    description = fields.Text(compute="_compute_description")
    unit = fields.Selection(UNITS, compute="_compute_unit", search="_search_unit")
    aggregation = fields.Selection(AGGREGATIONS, compute="_compute_unit")
    value = NullableFloat(
        readonly=True,
        aggregator="avg",
        help="Numerator / denominator as a fraction (0.9 = 90 %); the median in "
        "hours for the time KPIs; empty when there is no data.",
    )
    numerator = NullableFloat(
        readonly=True,
        help="Records counted (the contract value for the revenue growth); empty for "
        "the time KPIs (a median).",
    )
    denominator = fields.Float(
        readonly=True,
        help="Records the KPI is measured on (last year's contract value for the "
        "revenue growth); 0: no data.",
    )
    target = NullableFloat(readonly=True, aggregator="avg")
    direction = fields.Selection(DIRECTIONS, readonly=True)
    status = fields.Selection(
        KPI_STATUSES,
        readonly=True,
        index=True,
        help="Met or missed against the target; empty when the KPI has no target; "
        "no data when nothing was measured in the period.",
    )
    previous_value = NullableFloat(
        readonly=True,
        aggregator="avg",
        help="The value in the previous snapshot of the same period type.",
    )
    trend = fields.Selection(
        [("up", "Up"), ("down", "Down"), ("flat", "Flat")],
        readonly=True,
        help="How the value moved since the previous snapshot of the same period type.",
    )
    has_numerator = fields.Boolean(compute="_compute_unit")

    @api.model
    def _selection_kpi_code(self):
        return list(self.env["advisory.kpi.definition"]._kpi_labels())

    @api.depends("kpi_code")
    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self.env["advisory.kpi.definition"]._kpi_labels())
        for line in self:
            line.name = labels.get(line.kpi_code, "")

    @api.depends("kpi_code")
    @api.depends_context("lang")
    def _compute_description(self):
        descriptions = self.env["advisory.kpi.definition"]._kpi_descriptions()
        for line in self:
            line.description = descriptions.get(line.kpi_code, "")

    @api.depends("kpi_code")
    def _compute_unit(self):
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        for line in self:
            spec = specs.get(line.kpi_code) or {}
            line.kpi_definition_id = spec.get("id", False)
            line.unit = spec.get("unit", False)
            line.aggregation = spec.get("aggregation", False)
            line.has_numerator = spec.get("aggregation") != "median"

    def _search_unit(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("The unit of a KPI is searched with =, !=, in or not in.")
            )
        units = {value} if isinstance(value, str) else set(value or ())
        codes = [
            code
            for code, spec in self.env["advisory.kpi.definition"]._kpi_specs().items()
            if spec["unit"] in units
        ]
        positive = operator in ("=", "in")
        return [("kpi_code", "in" if positive else "not in", codes)]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_numerator(self):
        """The records counted in the numerator of the KPI."""
        self.ensure_one()
        if self.aggregation == "median":
            raise UserError(
                self.env._(
                    "%(kpi)s is a median: open the records it is measured on.",
                    kpi=self.name,
                )
            )
        return self._action_open_records(numerator=True)

    def action_open_denominator(self):
        """The records the KPI is measured on (for the revenue growth: the contracts
        signed in the same period one year earlier)."""
        self.ensure_one()
        return self._action_open_records(numerator=False)

    def _action_open_records(self, numerator):
        snapshot = self.snapshot_id
        spec = self.env["advisory.kpi.definition"]._kpi_spec(self.kpi_code)
        custom = getattr(
            self.env["advisory.kpi.snapshot"], f"_kpi_drilldown_{self.kpi_code}", None
        )
        if callable(custom):
            # the addon that defines the KPI opens its records its own way
            return custom(self, numerator)
        if spec["drilldown"] == "none":
            raise UserError(
                self.env._("%(kpi)s has no records to open.", kpi=self.name)
            )
        ids = self._kpi_record_ids(numerator)
        model = spec["res_model"]
        if numerator:
            title = self.env._("%(kpi)s – counted", kpi=self.name)
        elif spec["aggregation"] == "growth":
            title = self.env._(
                "%(kpi)s – same period a year earlier (%(start)s – %(end)s)",
                kpi=self.name,
                start=format_date(
                    self.env, snapshot.date_from - relativedelta(years=1)
                ),
                end=format_date(self.env, snapshot.date_to - relativedelta(years=1)),
            )
        else:
            title = self.env._("%(kpi)s – measured on", kpi=self.name)
        return {
            "type": "ir.actions.act_window",
            "name": f"{title} ({snapshot.name})",
            "res_model": model,
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
            # lost leads are archived
            "context": {"active_test": False, "create": False},
            "target": "current",
        }

    def _kpi_record_ids(self, numerator):
        """Ids of the records behind the numerator or the denominator."""
        self.ensure_one()
        snapshot = self.snapshot_id
        # sudo: the snapshot counted every record of the company; find the same
        # ones (the window action then shows those the user may read)
        return (
            self.env["advisory.kpi.snapshot"]
            .sudo()
            ._kpi_record_ids(
                self.kpi_code,
                snapshot.company_id,
                snapshot.date_from,
                snapshot.date_to,
                numerator,
            )
        )
