"""Demo only, called from ``demo/advisory_risk_demo.xml``: which next-best actions
the rules suggest depends on the demo data, so the ones marked done and ignored are
picked here rather than by xml id."""

from odoo import api, models


class AdvisoryNextActionRule(models.Model):
    _inherit = "advisory.next.action.rule"

    @api.model
    def _demo_next_actions(self):
        """Suggestions on the demo clients, one of them done by its relationship
        manager (marking its activity done) and one ignored with a reason."""
        actions = self._evaluate_partners(
            self.env["res.partner"].search([("is_advisory_client", "=", True)])
        ).filtered("user_id")
        if actions:
            done = actions[0]
            done.suggested_activity_ids.with_user(done.user_id).action_feedback(
                feedback=self.env._("Met the CFO; next review in a month.")
            )
        if len(actions) > 1:
            ignored = actions[-1]
            ignored.with_user(ignored.user_id).action_ignore(
                self.env._("Handled by the client's other advisor this quarter.")
            )
