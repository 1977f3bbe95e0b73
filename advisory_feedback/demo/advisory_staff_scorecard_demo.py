"""Demo only, called from ``demo/advisory_staff_demo.xml`` when the addon is
installed with demo data (nothing else calls it): the staff scorecards of the last
completed quarter."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class AdvisoryStaffScorecard(models.Model):
    _inherit = "advisory.staff.scorecard"

    @api.model
    def _demo_compute_scorecards(self):
        """Demo only (``demo/advisory_staff_demo.xml``): the monthly cards of the
        last completed quarter and the card of that quarter, oldest first (each
        month shows its trend against the previous one)."""
        company = self.env.ref("base.main_company")
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        quarter_start = month_start - relativedelta(months=(month_start.month - 1) % 3)
        first = quarter_start - relativedelta(months=3)
        for count in range(3):
            start = first + relativedelta(months=count)
            self._compute_scorecards(
                company, start, start + relativedelta(months=1, days=-1)
            )
        self._compute_scorecards(company, first, quarter_start - timedelta(days=1))
        return True
