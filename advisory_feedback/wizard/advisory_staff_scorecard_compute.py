from odoo import models


class AdvisoryStaffScorecardCompute(models.TransientModel):
    """Compute (or recompute) the staff scorecards of a period."""

    _name = "advisory.staff.scorecard.compute"
    _description = "Compute Staff Scorecards"
    # the same period choice as the KPI computation
    _inherit = "advisory.kpi.snapshot.compute"

    def action_compute(self):
        self.ensure_one()
        cards = self.env["advisory.staff.scorecard"].compute_scorecards(
            self.date_from, self.date_to
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_feedback.advisory_staff_scorecard_action"
        )
        action["domain"] = [("id", "in", cards.ids)]
        return action
