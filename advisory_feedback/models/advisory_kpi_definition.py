from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

DIRECTIONS = [
    (">=", "at least (≥)"),
    (">", "more than (>)"),
    ("<=", "at most (≤)"),
    ("<", "less than (<)"),
]
UNITS = [
    ("percent", "Percentage"),
    ("hours", "Hours"),
    ("days", "Days"),
    ("count", "Count"),
    ("amount", "Amount"),
]
AGGREGATIONS = [
    ("ratio", "Share: records counted ÷ records measured"),
    ("growth", "Growth: sum this period ÷ sum a year earlier − 1"),
    ("median", "Median of the measured values"),
    ("average", "Average: sum of the measured values ÷ records measured"),
    ("sum_ratio", "Ratio of sums: sum counted ÷ sum of the other records"),
]
# prefixes of the snapshot methods computing a KPI, found by convention
ROWS_PREFIX = "_kpi_rows_"
COMPUTE_PREFIX = "_kpi_compute_"


class AdvisoryKpiDefinition(models.Model):
    """The KPI registry: one record per KPI, shipped as data by the addon that
    computes it.

    A KPI is computed on ``advisory.kpi.snapshot`` by a method found by its code:

    - ``_kpi_rows_<code>(params)`` returns the SQL selecting the records behind the
      KPI (``id``, ``num``: counted in the numerator, ``val``: the value summed or
      whose median is taken); every such KPI of a snapshot is computed in one
      query, aggregated as :attr:`aggregation` says, and its records are the
      drill-down;
    - or ``_kpi_compute_<code>(company, date_from, date_to)`` returns
      ``(numerator, denominator, value)`` (for a KPI that is not a set of rows;
      no drill-down).

    An addon may also open a KPI's records its own way with
    ``_kpi_drilldown_<code>(line, numerator)`` returning a window action.

    Managers rename a KPI, reword its definition, change its default target or
    archive it; the technical fields (code, unit, model, aggregation) belong to the
    addon that computes it.
    """

    _name = "advisory.kpi.definition"
    _description = "Advisory KPI Definition"
    _inherit = "advisory.protected.mixin"
    _order = "sequence, id"
    _rec_name = "name"

    code = fields.Char(
        required=True,
        protected=True,
        help="Technical key of the KPI, stored in the targets and the snapshot "
        "values; never changes.",
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        translate=True, help="How the KPI is computed, as shown to its readers."
    )
    sequence = fields.Integer(default=10, help="Order of the dashboard cards.")
    active = fields.Boolean(
        default=True,
        help="Archived KPIs are no longer computed; their past values are kept.",
    )
    unit = fields.Selection(UNITS, required=True, default="percent", protected=True)
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
        protected=True,
    )
    default_target = NullableFloat(
        help="Target given to each company's KPI when it is created (a fraction for "
        "percentages: 0.9 = 90 %). Empty: measured without a target.",
    )
    default_operator = fields.Selection(
        DIRECTIONS,
        compute="_compute_default_operator",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="How the value compares with the target when the target is met, for "
        "the targets created from this definition.",
    )
    res_model = fields.Char(
        string="Records Of",
        required=True,
        protected=True,
        help="Model of the records the KPI counts (its drill-down).",
    )
    aggregation = fields.Selection(
        AGGREGATIONS,
        required=True,
        default="ratio",
        protected=True,
        help="How the records make the value.",
    )
    drilldown = fields.Selection(
        [("records", "Records counted"), ("none", "None")],
        required=True,
        default="records",
        protected=True,
        help="Records counted: the KPI's values open the records behind its "
        "numerator and denominator (the same query that counted them).",
    )
    compute_method = fields.Char(
        compute="_compute_compute_method",
        help="The method of advisory.kpi.snapshot computing the KPI.",
    )

    _sql_constraints = [  # noqa: RUF012
        ("code_uniq", "unique(code)", "Each KPI has its own code."),
    ]

    @api.depends("direction")
    def _compute_default_operator(self):
        for definition in self:
            definition.default_operator = (
                "<=" if definition.direction == "lower" else ">="
            )

    @api.depends("code")
    def _compute_compute_method(self):
        Snapshot = self.env["advisory.kpi.snapshot"]
        for definition in self:
            definition.compute_method = Snapshot._kpi_method_name(definition.code)

    @api.constrains("code", "res_model")
    def _check_code(self):
        Snapshot = self.env["advisory.kpi.snapshot"]
        for definition in self:
            if definition.res_model not in self.env:
                raise ValidationError(
                    self.env._(
                        "The KPI %(code)s counts records of %(model)s, which is not "
                        "a model of this database.",
                        code=definition.code,
                        model=definition.res_model,
                    )
                )
            if not Snapshot._kpi_method_name(definition.code):
                raise ValidationError(
                    self.env._(
                        "The KPI %(code)s has no computing method: the addon that "
                        "defines it must add %(rows)s or %(compute)s to "
                        "advisory.kpi.snapshot.",
                        code=definition.code,
                        rows=f"{ROWS_PREFIX}{definition.code}",
                        compute=f"{COMPUTE_PREFIX}{definition.code}",
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        definitions = super().create(vals_list)
        self.env.registry.clear_cache()
        return definitions

    def write(self, vals):
        if "code" in vals and any(d.code != vals["code"] for d in self):
            raise UserError(
                self.env._(
                    "The code of a KPI cannot be changed: the targets and the values "
                    "of past periods refer to it. Archive the KPI instead."
                )
            )
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        codes = self.mapped("code")
        if (
            self.env["advisory.kpi.snapshot.line"]
            .sudo()
            .search_count([("kpi_code", "in", codes)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "KPIs with values in past snapshots cannot be deleted: archive "
                    "them instead."
                )
            )
        self.env.registry.clear_cache()

    # ------------------------------------------------------------------
    # Registry reads (cached: every snapshot, target and value reads them)
    # ------------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _kpi_specs(self):
        """``{code: spec}`` of every KPI, active or not, in the order of the
        registry; a spec is a dict with ``id``, ``sequence``, ``active``,
        ``unit``, ``direction``, ``aggregation``, ``drilldown``, ``res_model``,
        ``default_target`` (False when none) and ``default_operator``."""
        # sudo: the registry is read by whoever reads a KPI (labels, units)
        definitions = (
            self.sudo().with_context(active_test=False).search([], order="sequence, id")
        )
        return {
            definition.code: {
                "id": definition.id,
                "sequence": index,
                "active": definition.active,
                "unit": definition.unit,
                "direction": definition.direction,
                "aggregation": definition.aggregation,
                "drilldown": definition.drilldown,
                "res_model": definition.res_model,
                "default_target": definition.default_target,
                "default_operator": definition.default_operator,
            }
            for index, definition in enumerate(definitions)
        }

    @api.model
    @tools.ormcache("self.env.lang")
    def _kpi_labels(self):
        """``((code, name), ...)`` of every KPI in the reader's language."""
        # sudo: see _kpi_specs
        definitions = (
            self.sudo().with_context(active_test=False).search([], order="sequence, id")
        )
        return tuple((definition.code, definition.name) for definition in definitions)

    @api.model
    def _kpi_active_codes(self):
        return [code for code, spec in self._kpi_specs().items() if spec["active"]]

    @api.model
    def _kpi_spec(self, code):
        """The spec of ``code`` (see :meth:`_kpi_specs`); a code that is not in
        the registry is refused with a message."""
        spec = self._kpi_specs().get(code)
        if spec is None:
            raise UserError(
                self.env._(
                    "%(code)s is not a KPI of the registry (Advisory → Configuration "
                    "→ KPIs).",
                    code=code,
                )
            )
        return spec

    @api.model
    def _kpi_descriptions(self):
        """``{code: description}`` in the reader's language."""
        # sudo: see _kpi_specs
        definitions = self.sudo().with_context(active_test=False).search([])
        return {
            definition.code: definition.description or "" for definition in definitions
        }
