from odoo import api, fields, models

from odoo.addons.advisory_risk_rating.models.common import VALUE_TIERS

from .advisory_care_occasion import CARE_ACTIONS, OCCASION_KINDS


class AdvisoryCareRule(models.Model):
    """How a client is greeted: per value tier (and optionally per kind of
    occasion), an activity for the relationship manager (call, gift, card) or a
    greeting by email; the first matching rule (by sequence) applies."""

    _name = "advisory.care.rule"
    _description = "Client Care Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    value_tier = fields.Selection(
        VALUE_TIERS,
        help="The clients of this value tier; empty: any client (also those not "
        "tiered yet).",
    )
    occasion_kind = fields.Selection(
        OCCASION_KINDS, help="The occasions of this kind; empty: every occasion."
    )
    action = fields.Selection(CARE_ACTIONS, required=True, default="card")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Greeting Template",
        domain=[("model", "=", "advisory.care.occasion")],
        help="The email sent to the contact when the action is a greeting email.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    unit_cost = fields.Monetary(
        help="What one greeting of this rule costs the firm (a gift, a card): "
        "booked as a client care cost of the client when the greeting is sent or "
        "the activity planned. Empty: nothing is booked.",
    )
    days_ahead = fields.Integer(
        default=7,
        required=True,
        help="How many days before the occasion the activity is planned or the "
        "greeting is sent.",
    )

    _sql_constraints = (
        (
            "days_ahead_range",
            "CHECK(days_ahead >= 0 AND days_ahead <= 60)",
            "Care rules plan between 0 and 60 days ahead.",
        ),
        (
            "unit_cost_positive",
            "CHECK(unit_cost IS NULL OR unit_cost >= 0)",
            "A greeting's cost cannot be negative.",
        ),
        (
            "mail_has_template",
            "CHECK(action != 'mail' OR mail_template_id IS NOT NULL)",
            "A greeting email rule needs a greeting template.",
        ),
    )

    @api.model
    def _rule_for(self, rules, value_tier, kind):
        """The first rule of ``rules`` matching a client's value tier and the kind
        of occasion, or an empty recordset."""
        for rule in rules:
            if rule.value_tier in (False, value_tier) and rule.occasion_kind in (
                False,
                kind,
            ):
                return rule
        return self.browse()
