from odoo import fields, models

REWARD_KINDS = [
    ("fee_discount", "Fee Discount on the Next Proposal"),
    ("briefing", "Free Briefing"),
    ("gift", "Gift"),
]


class AdvisoryLoyaltyReward(models.Model):
    """The catalogue of rewards a client may get for her points. Redeeming one
    books its cost (if any) on the loyalty rewards budget and plans an activity
    for the client's relationship manager (apply the discount, organise the
    briefing, send the gift)."""

    _name = "advisory.loyalty.reward"
    _description = "Loyalty Reward"
    _order = "points_cost, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    kind = fields.Selection(REWARD_KINDS, required=True, default="gift")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    points_cost = fields.Integer(string="Points", required=True)
    discount_percent = fields.Float(
        string="Discount (%)",
        help="The fee discount granted on the client's next proposal.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    cost_amount = fields.Monetary(
        string="Cost to the Firm",
        help="What one redemption costs the firm: booked on the loyalty rewards "
        "budget.",
    )

    _sql_constraints = (
        (
            "points_cost_positive",
            "CHECK(points_cost > 0)",
            "A reward costs points (more than 0).",
        ),
        (
            "cost_amount_positive",
            "CHECK(cost_amount IS NULL OR cost_amount >= 0)",
            "A reward's cost to the firm cannot be negative.",
        ),
        (
            "discount_range",
            "CHECK(discount_percent IS NULL OR "
            "(discount_percent >= 0 AND discount_percent <= 100))",
            "A fee discount is between 0 and 100 %.",
        ),
    )
