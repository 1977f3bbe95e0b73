from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from .advisory_staff_scorecard import ROLES
from .advisory_staff_scorecard_line import MEASURE_UNITS


class AdvisoryStaffScorecardTarget(models.Model):
    """The target of a measure for a role in a company (managers edit them)."""

    _name = "advisory.staff.scorecard.target"
    _description = "Staff Scorecard Target"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "company_id, role, sequence, id"
    _rec_name = "measure_code"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    role = fields.Selection(ROLES, required=True, default="advisor")
    measure_code = fields.Selection(
        selection="_selection_measure_code", string="Measure", required=True
    )
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    target = NullableFloat(
        tracking=True,
        help="A fraction for shares (0.9 = 90 %), -1 to 1 for the NPS; amounts and "
        "hours per month. Empty: measured without a target.",
    )
    unit = fields.Selection(MEASURE_UNITS, compute="_compute_unit")

    _sql_constraints = [  # noqa: RUF012
        (
            "company_role_measure_uniq",
            "unique(company_id, role, measure_code)",
            "A role has one target per measure and company.",
        )
    ]

    @api.model
    def _selection_measure_code(self):
        return self.env["advisory.staff.scorecard"]._selection_measure_code()

    @api.depends("measure_code")
    def _compute_sequence(self):
        specs = self.env["advisory.staff.scorecard"]._scorecard_measure_specs()
        for target in self:
            spec = specs.get(target.measure_code, {})
            target.sequence = spec.get("sequence", 99)

    @api.depends("measure_code")
    def _compute_unit(self):
        specs = self.env["advisory.staff.scorecard"]._scorecard_measure_specs()
        for target in self:
            target.unit = specs.get(target.measure_code, {}).get("unit", False)

    @api.model
    def _targets(self, company):
        """``{(role, code): target or None}`` of ``company``, creating the missing
        targets with the measures' default ones."""
        # sudo: the targets are read by whoever computes the cards
        Target = self.sudo()
        existing = Target.search([("company_id", "=", company.id)])
        known = {(target.role, target.measure_code) for target in existing}
        missing = [
            {
                "company_id": company.id,
                "role": role,
                "measure_code": spec["code"],
                "target": spec["targets"].get(role, False)
                if spec["targets"].get(role) is not None
                else False,
            }
            for spec in self.env["advisory.staff.scorecard"]._scorecard_measures()
            for role, _label in ROLES
            if (role, spec["code"]) not in known
        ]
        if missing:
            existing |= Target.create(missing)
        return {
            (target.role, target.measure_code): (
                target.target if target.target is not False else None
            )
            for target in existing
        }
