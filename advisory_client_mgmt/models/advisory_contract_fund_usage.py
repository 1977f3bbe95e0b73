from odoo import api, fields, models

FINANCING_SERVICE_LINE = "advisory_client_mgmt.service_line_financing"


class AdvisoryContract(models.Model):
    """The use of funds plan of a financing contract (any contract on which the
    staff add one; the button is offered on the contracts of financing
    engagements)."""

    _inherit = "advisory.contract"

    fund_usage_plan_ids = fields.One2many(
        "advisory.fund.usage.plan",
        "contract_id",
        string="Use of Funds Plans",
        groups="base.group_user",
    )
    fund_usage_plan_id = fields.Many2one(
        "advisory.fund.usage.plan",
        string="Use of Funds Plan",
        compute="_compute_fund_usage_plan_id",
        groups="base.group_user",
    )
    is_financing = fields.Boolean(
        compute="_compute_is_financing",
        help="Technical: the engagement includes the financing service line, so the "
        "contract offers a use of funds plan.",
        groups="base.group_user",
    )

    @api.depends("fund_usage_plan_ids")
    def _compute_fund_usage_plan_id(self):
        for contract in self:
            contract.fund_usage_plan_id = contract.fund_usage_plan_ids[:1]

    @api.depends("engagement_id.service_line_ids")
    def _compute_is_financing(self):
        financing = self.env.ref(FINANCING_SERVICE_LINE, raise_if_not_found=False)
        # sudo: a flag for the form's button, also for a reader of the contract
        # who cannot read its engagement (a legal reviewer)
        for contract in self.sudo():
            contract.is_financing = bool(
                financing and financing in contract.engagement_id.service_line_ids
            )

    def action_view_fund_usage_plan(self):
        """The contract's use of funds plan, or a new one for it."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Use of Funds"),
            "res_model": "advisory.fund.usage.plan",
            "view_mode": "form",
            "context": {"default_contract_id": self.id},
        }
        if self.fund_usage_plan_id:
            action["res_id"] = self.fund_usage_plan_id.id
        return action
