from odoo import api, fields, models

ENGAGEMENT_STATES = [
    ("draft", "Draft"),
    ("needs_analysis", "Needs Analysis"),
    ("proposal", "Proposal"),
    ("contracting", "Contracting"),
    ("execution", "Execution"),
    ("closing", "Closing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class AdvisoryEngagement(models.Model):
    _name = "advisory.engagement"
    _description = "Advisory Engagement"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        check_company=True,
    )
    relationship_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    service_line_ids = fields.Many2many(
        "advisory.service.line",
        string="Service Lines",
    )
    state = fields.Selection(
        ENGAGEMENT_STATES,
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="draft",
        group_expand=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        new_name = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_name) in (new_name, "New", False):
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("advisory.engagement")
                    or new_name
                )
        return super().create(vals_list)
