from odoo import fields, models
from odoo.exceptions import UserError

FEE_TYPES = [
    ("fixed", "Fixed Fee"),
    ("hourly", "Hourly"),
    ("retainer", "Retainer"),
    ("success_fee", "Success Fee"),
]


class AdvisoryContractTemplate(models.Model):
    _name = "advisory.contract.template"
    _description = "Advisory Contract Template"
    _inherit = "advisory.protected.mixin"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to use the template in every company.",
    )
    service_line_ids = fields.Many2many(
        "advisory.service.line",
        "advisory_contract_template_service_line_rel",
        "template_id",
        "service_line_id",
        string="Service Lines",
        help="The services of the contracts made from this template; signing such "
        "a contract creates one project milestone per service line.",
    )
    default_fee_type = fields.Selection(FEE_TYPES, required=True, default="fixed")
    clause_ids = fields.One2many(
        "advisory.contract.template.clause",
        "template_id",
        string="Clauses",
        copy=True,
    )
    note = fields.Text(help="When to use this template (internal).")

    def _check_clauses_editable(self):
        """The clauses print in the contracts made from the template: once one of
        them left the draft (reviewed, approved, signed), they are part of what was
        approved and stay as they are; a new text is a new template."""
        if self.env.su or not self:
            return
        # sudo: the contracts of every client count, whoever edits the template
        used = (
            self.env["advisory.contract"]
            .sudo()
            .search(
                [
                    ("template_id", "in", self.ids),
                    ("state", "not in", ("draft", "cancelled")),
                ],
                limit=1,
            )
        )
        if used:
            raise UserError(
                self.env._(
                    "Template %(template)s is used by contract %(contract)s, which "
                    "is under review or approved: its clauses can no longer change. "
                    "Duplicate the template to write new ones.",
                    template=used.template_id.display_name,
                    contract=used.name,
                )
            )
