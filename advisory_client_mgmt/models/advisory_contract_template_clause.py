from odoo import fields, models


class AdvisoryContractTemplateClause(models.Model):
    _name = "advisory.contract.template.clause"
    _description = "Advisory Contract Template Clause"
    _inherit = "advisory.protected.mixin"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "advisory.contract.template",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="template_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    title = fields.Char(required=True, translate=True)
    body = fields.Html(
        translate=True,
        help="Clause text. Placeholders replaced in the printed contract: {client} "
        "(client name), {scope} (scope of services), {fee} (amount and fee type), "
        "{start} and {end} (contract dates).",
    )
