from odoo import api, fields, models

# the rules this addon earns by itself, and those other addons call
# (advisory.loyalty.entry._advisory_loyalty_earn with the rule's code)
RULE_CODES = [
    ("contract", "Signed Contract"),
    ("renewal", "Contract Renewal"),
    ("event", "Event Attendance"),
    ("survey", "Satisfaction Survey Answered"),
    ("feedback_improvement", "Suggestion Leading to an Improvement"),
]


class AdvisoryLoyaltyRule(models.Model):
    """How a client earns points: a fixed number of points per source document
    (an attended event, a renewal...) and, for the rules with an amount (a signed
    contract), one point more per ``amount_per_point`` of the amount."""

    _name = "advisory.loyalty.rule"
    _description = "Loyalty Earning Rule"
    _order = "code"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(RULE_CODES, required=True)
    active = fields.Boolean(default=True)
    points = fields.Integer(
        string="Fixed Points", help="Points earned per source document."
    )
    amount_per_point = fields.Float(
        help="With an amount (a signed contract's value, in the company currency): "
        "one point per this amount. 0: the amount earns nothing.",
    )

    _sql_constraints = (
        ("code_uniq", "unique(code)", "There is one earning rule per code."),
        (
            "points_positive",
            "CHECK(points >= 0 AND amount_per_point >= 0)",
            "Earning rules earn points: no negative values.",
        ),
    )

    def _points_for(self, amount):
        self.ensure_one()
        points = self.points
        if amount and self.amount_per_point:
            points += int(amount // self.amount_per_point)
        return points

    @api.model
    def _rule_by_code(self, code):
        return self.search([("code", "=", code)], limit=1)
