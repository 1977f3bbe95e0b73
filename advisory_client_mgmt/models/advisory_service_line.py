from odoo import fields, models


class AdvisoryServiceLine(models.Model):
    _name = "advisory.service.line"
    _description = "Advisory Service Line"
    _inherit = "advisory.protected.mixin"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = (
        ("code_uniq", "unique(code)", "The code of a service line must be unique."),
    )
