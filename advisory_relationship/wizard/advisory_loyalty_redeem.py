from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    MANAGER_GROUP,
)


class AdvisoryLoyaltyRedeem(models.TransientModel):
    """Redeem a reward of the catalogue for a client: her points are spent (a
    negative entry, refused beyond her balance), the reward's cost is booked on
    the loyalty rewards budget (beyond the remaining budget only when a manager
    proceeds explicitly) and her relationship manager gets an activity to deliver
    the reward."""

    _name = "advisory.loyalty.redeem"
    _description = "Redeem a Loyalty Reward"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        domain=[("is_advisory_client", "=", True)],
    )
    loyalty_points = fields.Integer(string="Balance", compute="_compute_loyalty_points")
    reward_id = fields.Many2one("advisory.loyalty.reward", required=True)
    note = fields.Char()
    budget_warning = fields.Text(compute="_compute_budget_warning")
    budget_override = fields.Boolean(
        string="Proceed Over Budget",
        help="Managers only: book the reward's cost beyond the remaining budget.",
    )

    @api.depends("partner_id")
    def _compute_loyalty_points(self):
        for wizard in self:
            # sudo: the balance shown in the dialog (redemption checks it again)
            wizard.loyalty_points = wizard.partner_id.sudo().loyalty_points

    @api.depends("reward_id", "partner_id")
    def _compute_budget_warning(self):
        Cost = self.env["advisory.relationship.cost"]
        for wizard in self:
            wizard.budget_warning = False
            if not wizard.reward_id.cost_amount:
                continue
            overrun = Cost._advisory_budget_overrun(
                wizard.partner_id.company_id or self.env.company,
                "loyalty",
                fields.Date.context_today(self),
                wizard.reward_id.cost_amount,
            )
            if overrun:
                wizard.budget_warning = Cost.new(
                    {"amount": wizard.reward_id.cost_amount}
                )._advisory_overrun_message(overrun)

    def action_redeem(self):
        self.ensure_one()
        Entry = self.env["advisory.loyalty.entry"]
        partner = self.partner_id
        Entry._check_can_redeem(partner, self.reward_id)
        if self.budget_override and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only advisory managers proceed over budget."))
        entry = Entry._do_redeem(partner, self.reward_id, self.note)
        self._advisory_book_cost(entry)
        self._advisory_plan_delivery(entry)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(reward)s redeemed for %(client)s (%(points)s points).",
                    reward=self.reward_id.display_name,
                    client=partner.display_name,
                    points=self.reward_id.points_cost,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _advisory_book_cost(self, entry):
        reward = self.reward_id
        if not reward.cost_amount:
            return
        company = self.partner_id.company_id or self.env.company
        # sudo: the cost line is the system's record of the redemption (advisors
        # do not manage costs); the budget check keeps the user (managers only
        # proceed over budget)
        self.env["advisory.relationship.cost"].sudo().create(
            {
                "name": self.env._(
                    "Reward %(reward)s for %(client)s",
                    reward=reward.name,
                    client=self.partner_id.name,
                ),
                "company_id": company.id,
                "amount": reward.currency_id._convert(
                    reward.cost_amount,
                    company.currency_id,
                    company,
                    entry.date,
                ),
                "partner_id": self.partner_id.id,
                "loyalty_entry_id": entry.id,
                "date": entry.date,
                "budget_override": self.budget_override,
            }
        )

    def _advisory_plan_delivery(self, entry):
        """An activity for the client's relationship manager: deliver the
        reward."""
        reward = self.reward_id
        manager = self.partner_id.sudo().relationship_manager_id or self.env.user
        if reward.kind == "fee_discount":
            summary = self.env._(
                "A %(discount)s %% fee discount applies to the client's next "
                "proposal when it is submitted (%(reward)s)",
                discount=reward.discount_percent,
                reward=reward.name,
            )
        elif reward.kind == "briefing":
            summary = self.env._(
                "Organise the free briefing (%(reward)s)", reward=reward.name
            )
        else:
            summary = self.env._("Send the gift (%(reward)s)", reward=reward.name)
        # sudo: the activity is planned on the client for her relationship
        # manager, whoever redeemed
        self.partner_id.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=entry.name,
            user_id=manager.id,
        )
