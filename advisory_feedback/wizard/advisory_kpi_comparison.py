from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

VERDICTS = [
    ("better", "Better"),
    ("worse", "Worse"),
    ("same", "Unchanged"),
    ("no_data", "No data"),
]
SOURCES = [("snapshot", "Snapshot"), ("computed", "Computed now")]


class AdvisoryKpiComparison(models.TransientModel):
    """Before / after: the KPIs of two periods side by side, with the change and
    whether it is for the better (the KPI's direction).

    A period that has a snapshot (same company, same first and last day) takes its
    values; another one is computed on the fly by the snapshot engine, without
    storing a snapshot."""

    _name = "advisory.kpi.comparison"
    _description = "Compare KPIs of Two Periods"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from_a = fields.Date(
        string="Before: From", required=True, default=lambda self: self._default(0)
    )
    date_to_a = fields.Date(
        string="Before: To", required=True, default=lambda self: self._default(1)
    )
    date_from_b = fields.Date(
        string="After: From", required=True, default=lambda self: self._default(2)
    )
    date_to_b = fields.Date(
        string="After: To", required=True, default=lambda self: self._default(3)
    )
    source_a = fields.Selection(SOURCES, string="Before: Values", readonly=True)
    source_b = fields.Selection(SOURCES, string="After: Values", readonly=True)
    line_ids = fields.One2many(
        "advisory.kpi.comparison.line", "comparison_id", string="KPIs", readonly=True
    )

    @api.model
    def _default(self, index):
        """The quarter before the last completed one, then the last completed one."""
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        quarter_start = month_start - relativedelta(months=(month_start.month - 1) % 3)
        return (
            quarter_start - relativedelta(months=6),
            quarter_start - relativedelta(months=3, days=1),
            quarter_start - relativedelta(months=3),
            quarter_start - relativedelta(days=1),
        )[index]

    def action_compare(self):
        """Fill the lines (managers and executives: the on-the-fly computation
        counts every record of the company) and show them."""
        self.ensure_one()
        Snapshot = self.env["advisory.kpi.snapshot"]
        Snapshot._check_can_compute()
        if self.company_id not in self.env.user.company_ids:
            raise UserError(
                self.env._(
                    "You cannot compare the KPIs of %(company)s.",
                    company=self.company_id.name,
                )
            )
        for date_from, date_to in (
            (self.date_from_a, self.date_to_a),
            (self.date_from_b, self.date_to_b),
        ):
            Snapshot._check_period(date_from, date_to)
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        codes = [code for code, spec in specs.items() if spec["active"]]
        values_a, source_a = self._period_values(
            self.date_from_a, self.date_to_a, codes
        )
        values_b, source_b = self._period_values(
            self.date_from_b, self.date_to_b, codes
        )
        lines = [Command.clear()]
        for code in codes:
            value_a, value_b = values_a.get(code, False), values_b.get(code, False)
            lines.append(
                Command.create(
                    {
                        "sequence": specs[code]["sequence"],
                        "kpi_code": code,
                        "value_a": value_a,
                        "value_b": value_b,
                        "verdict": self._verdict(
                            value_a, value_b, specs[code]["direction"]
                        ),
                    }
                )
            )
        self.write({"source_a": source_a, "source_b": source_b, "line_ids": lines})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("KPIs: Before and After"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _period_values(self, date_from, date_to, codes):
        """``({kpi_code: value or False}, source)`` of the period."""
        Snapshot = self.env["advisory.kpi.snapshot"]
        snapshot = Snapshot.search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ],
            limit=1,
        )
        if snapshot:
            values = {line.kpi_code: line.value for line in snapshot.line_ids}
            missing = [code for code in codes if code not in values]
            if not missing:
                return values, "snapshot"
        # sudo: the KPIs count every record of the company (as compute_snapshot,
        # whose rights the caller checked); nothing is stored
        computed = (
            Snapshot.sudo()
            .with_company(self.company_id)
            ._kpi_values(self.company_id, date_from, date_to, codes)
        )
        return {
            code: value if denominator else False
            for code, (_numerator, denominator, value) in computed.items()
        }, "computed"

    @api.model
    def _verdict(self, value_a, value_b, direction):
        if value_a is False or value_b is False:
            return "no_data"
        if abs(value_b - value_a) < 1e-9:
            return "same"
        better = value_b > value_a if direction == "higher" else value_b < value_a
        return "better" if better else "worse"


class AdvisoryKpiComparisonLine(models.TransientModel):
    _name = "advisory.kpi.comparison.line"
    _description = "KPI of Two Periods"
    _order = "sequence, id"

    comparison_id = fields.Many2one(
        "advisory.kpi.comparison", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    kpi_code = fields.Selection(
        selection="_selection_kpi_code", string="KPI", required=True
    )
    value_a = NullableFloat(string="Value Before")
    value_b = NullableFloat(string="Value After")
    change = NullableFloat(
        string="Difference",
        compute="_compute_change",
        help="After minus before, in the KPI's unit.",
    )
    verdict = fields.Selection(VERDICTS)
    value_a_display = fields.Char(string="Before", compute="_compute_display")
    value_b_display = fields.Char(string="After", compute="_compute_display")
    change_display = fields.Char(string="Change", compute="_compute_display")

    def _selection_kpi_code(self):
        return list(self.env["advisory.kpi.definition"]._kpi_labels())

    @api.depends("value_a", "value_b")
    def _compute_change(self):
        for line in self:
            line.change = (
                line.value_b - line.value_a
                if line.value_a is not False and line.value_b is not False
                else False
            )

    @api.depends("kpi_code", "value_a", "value_b", "change")
    @api.depends_context("lang")
    def _compute_display(self):
        Line = self.env["advisory.kpi.snapshot.line"]
        for line in self:
            formatter = Line.new({"kpi_code": line.kpi_code})
            line.value_a_display = formatter._format_value(line.value_a)
            line.value_b_display = formatter._format_value(line.value_b)
            change = formatter._format_value(line.change)
            if line.change is not False and line.change > 0:
                change = f"+{change}"
            line.change_display = change
