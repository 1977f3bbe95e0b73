from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from .advisory_kpi_definition import DIRECTIONS, UNITS


def target_met(value, target, direction):
    """Whether ``value`` reaches ``target`` in ``direction`` (6 decimals)."""
    cmp = float_compare(value, target, precision_digits=6)
    return {
        ">=": cmp >= 0,
        ">": cmp > 0,
        "<=": cmp <= 0,
        "<": cmp < 0,
    }[direction]


class AdvisoryKpiTarget(models.Model):
    _name = "advisory.kpi.target"
    _description = "Advisory KPI Target"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "company_id, sequence, id"
    _rec_name = "kpi_code"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # a code of the registry (advisory.kpi.definition): a selection, not a
    # many2one, so that the stored values and the RPC API are the KPI codes
    kpi_code = fields.Selection(
        selection="_selection_kpi_code", string="KPI", required=True
    )
    kpi_definition_id = fields.Many2one(
        "advisory.kpi.definition",
        string="Definition",
        compute="_compute_kpi_definition_id",
    )
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    description = fields.Text(
        compute="_compute_description",
        help="How the KPI is computed.",
    )
    target = NullableFloat(
        tracking=True,
        help="The value to reach, as a fraction (0.9 = 90 %) or in hours for the "
        "time KPIs. Empty: the KPI is measured without a target (no status).",
    )
    direction = fields.Selection(
        DIRECTIONS,
        required=True,
        tracking=True,
        default=">=",
        help="How the value compares with the target when the target is met.",
    )
    unit = fields.Selection(UNITS, compute="_compute_unit")

    _sql_constraints = [  # noqa: RUF012
        (
            "company_kpi_uniq",
            "unique(company_id, kpi_code)",
            "A company has one target per KPI.",
        )
    ]

    @api.model
    def _selection_kpi_code(self):
        return list(self.env["advisory.kpi.definition"]._kpi_labels())

    @api.depends("kpi_code")
    def _compute_kpi_definition_id(self):
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        for target in self:
            spec = specs.get(target.kpi_code)
            target.kpi_definition_id = spec["id"] if spec else False

    @api.depends("kpi_code")
    def _compute_sequence(self):
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        for target in self:
            spec = specs.get(target.kpi_code)
            target.sequence = spec["sequence"] if spec else 99

    @api.depends("kpi_code")
    @api.depends_context("lang")
    def _compute_description(self):
        descriptions = self.env["advisory.kpi.definition"]._kpi_descriptions()
        for target in self:
            target.description = descriptions.get(target.kpi_code, "")

    @api.depends("kpi_code")
    def _compute_unit(self):
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        for target in self:
            spec = specs.get(target.kpi_code)
            target.unit = spec["unit"] if spec else False

    @api.constrains("target", "kpi_code")
    def _check_target(self):
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        for target in self:
            spec = specs.get(target.kpi_code)
            if target.target is False or not spec:
                continue
            growth = spec["aggregation"] == "growth"
            if target.target < 0 and not growth:
                raise ValidationError(
                    self.env._(
                        "The target of %(kpi)s cannot be negative.",
                        kpi=target._kpi_label(),
                    )
                )
            if spec["unit"] == "percent" and not growth and target.target > 1:
                raise ValidationError(
                    self.env._(
                        "The target of %(kpi)s is a share: between 0 and 1 "
                        "(0.9 = 90 %%).",
                        kpi=target._kpi_label(),
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _kpi_label(self):
        self.ensure_one()
        return dict(self._fields["kpi_code"]._description_selection(self.env))[
            self.kpi_code
        ]

    @api.model
    def _kpi_descriptions(self):
        """The definition of each KPI (help texts of the targets and the snapshot
        lines), from the registry."""
        return self.env["advisory.kpi.definition"]._kpi_descriptions()

    @api.model
    def _ensure_targets(self, companies=None):
        """Create the missing targets of ``companies`` (all companies by default):
        one per active KPI of the registry, with its default target and
        comparison."""
        companies = companies or self.env["res.company"].sudo().search([])
        # sudo: targets are created for the company whoever computes its KPIs
        Target = self.sudo().with_context(active_test=False)
        existing = set(
            Target._read_group(
                [("company_id", "in", companies.ids)], ["company_id", "kpi_code"]
            )
        )
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        vals_list = []
        for company in companies:
            for code, spec in specs.items():
                if not spec["active"] or (company, code) in existing:
                    continue
                vals_list.append(
                    {
                        "company_id": company.id,
                        "kpi_code": code,
                        "target": spec["default_target"],
                        "direction": spec["default_operator"],
                    }
                )
        if not vals_list:
            return Target
        # A computation of the same company's KPIs at the same moment creates the
        # same targets: the second insert meets the first one's on the unique key.
        try:
            with self.env.cr.savepoint():
                return Target.create(vals_list)
        except UniqueViolation:
            raise UserError(
                self.env._(
                    "The KPI targets of %(companies)s were being created by someone "
                    "else at the same moment: try again in a moment.",
                    companies=", ".join(companies.mapped("name")),
                )
            ) from None


class ResCompany(models.Model):
    # targets for new companies; the company's own fields are in res_company.py
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["advisory.kpi.target"]._ensure_targets(companies)
        return companies
