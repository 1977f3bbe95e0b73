from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat


class AdvisoryRiskAssessmentLine(models.Model):
    _name = "advisory.risk.assessment.line"
    _description = "Risk Assessment Factor Result"
    _inherit = ("advisory.protected.mixin", "advisory.bulk.row.mixin")
    _order = "assessment_id, sequence, id"
    _log_access = False  # the rating's own: a line is part of it

    assessment_id = fields.Many2one(
        "advisory.risk.assessment", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    factor_id = fields.Many2one(
        "advisory.risk.factor", required=True, ondelete="restrict"
    )
    kind = fields.Selection(related="factor_id.kind")
    raw_value = NullableFloat(
        help="The input of the factor (see the factor kind); empty when missing."
    )
    value_display = fields.Char(string="Input", help="The input as a person reads it.")
    band_label = fields.Char(string="Band")
    missing = fields.Boolean(
        help="The input is missing: the factor scores the model's missing-input "
        "points instead of a band's points."
    )
    points = fields.Float(help="Points of the factor, 0-100.")
    weight = fields.Float(help="Weight of the factor in percent.")
    contribution = fields.Float(
        aggregator="sum", help="Points x weight / 100: the share of the score."
    )

    @api.model
    def _insert_bulk(self, vals_list):
        """Insert the lines of the re-rating cron in one SQL statement
        (``advisory.bulk.row.mixin``): the ORM's create costs about 0.2 ms per
        line and a client has a line per factor. ``vals_list`` gives every column
        (the same keys in every dict)."""
        self._insert_rows(vals_list)
        self.env["advisory.risk.assessment"].invalidate_model(
            ["line_ids", "missing_count"]
        )
