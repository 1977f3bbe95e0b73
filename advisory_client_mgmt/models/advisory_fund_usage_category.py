from odoo import fields, models


class AdvisoryFundUsageCategory(models.Model):
    """What financed money is used for (working capital, capital expenditure...):
    the rows of a contract's use-of-funds plan and of the client's usage reports."""

    _name = "advisory.fund.usage.category"
    _description = "Use of Funds Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = (
        ("code_uniq", "unique(code)", "A use of funds category code is unique."),
    )
