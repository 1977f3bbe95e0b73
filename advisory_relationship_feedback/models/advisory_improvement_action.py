from odoo import models


class AdvisoryImprovementAction(models.Model):
    _inherit = "advisory.improvement.action"

    def action_done(self):
        """A client's suggestion that led to an improvement earns the points of the
        ``feedback_improvement`` loyalty rule when the action is done, once per
        suggestion (ticket)."""
        result = super().action_done()
        suggestions = self.feedback_id.filtered(
            lambda ticket: ticket.category == "suggestion"
        )
        if suggestions:
            self.env["advisory.loyalty.entry"]._advisory_loyalty_earn_many(
                "feedback_improvement",
                [(ticket.partner_id, ticket, None) for ticket in suggestions],
            )
        return result
