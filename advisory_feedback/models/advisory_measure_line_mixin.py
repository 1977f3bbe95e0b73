from odoo import api, fields, models


class AdvisoryMeasureLineMixin(models.AbstractModel):
    """A measured value against its target (a KPI snapshot line, a scorecard
    line): the value, the previous one and the target shown in the line's unit."""

    _name = "advisory.measure.line.mixin"
    _description = "Advisory Measured Value Shown in Its Unit"

    value_display = fields.Char(string="Value Shown", compute="_compute_display")
    target_display = fields.Char(string="Target Shown", compute="_compute_display")
    previous_display = fields.Char(
        string="Previous Value Shown", compute="_compute_display"
    )

    @api.depends("value", "target", "previous_value", "direction", "unit")
    @api.depends_context("lang")
    def _compute_display(self):
        signs = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
        for line in self:
            line.value_display = line._format_value(line.value)
            line.previous_display = line._format_value(line.previous_value)
            line.target_display = (
                f"{signs[line.direction or '>=']} {line._format_value(line.target)}"
                if line.target is not False
                else self.env._("No target")
            )

    def _format_value(self, value):
        self.ensure_one()
        if value is False:
            return "–"
        unit = self.unit
        if unit == "hours":
            return self.env._("%(hours)s h", hours=format(value, ".1f"))
        if unit == "days":
            return self.env._("%(days)s d", days=format(value, ".1f"))
        if unit == "count":
            return format(value, ",.1f").removesuffix(".0")
        if unit == "amount":
            return format(value, ",.2f")
        if unit == "score":
            return format(value * 100, "+.0f")
        return f"{value * 100:.1f} %"
