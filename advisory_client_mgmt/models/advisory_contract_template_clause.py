from odoo import api, fields, models


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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["advisory.contract.template"].browse(
            {vals["template_id"] for vals in vals_list if vals.get("template_id")}
        )._check_clauses_editable()
        return super().create(vals_list)

    def write(self, vals):
        templates = self.template_id
        if vals.get("template_id"):
            templates |= templates.browse(vals["template_id"])
        templates._check_clauses_editable()
        return super().write(vals)

    def update_field_translations(self, field_name, translations, digest=None):
        # the translation dialog writes the other languages' text: same rule
        self.template_id._check_clauses_editable()
        return super().update_field_translations(field_name, translations, digest)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.template_id._check_clauses_editable()
