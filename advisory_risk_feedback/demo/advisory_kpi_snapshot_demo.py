"""Demo only, called from ``demo/advisory_risk_feedback_demo.xml`` when the addon is
installed with demo data (nothing else calls it): the demo snapshots of
advisory_feedback computed again with this bridge's KPIs."""

from odoo import api, models


class AdvisoryKpiSnapshot(models.Model):
    _inherit = "advisory.kpi.snapshot"

    @api.model
    def _demo_add_bridge_kpis(self):
        """Demo only (``demo/advisory_risk_feedback_demo.xml``): the demo snapshots
        of advisory_feedback were computed before this bridge was installed;
        compute them again (oldest first, for the trends) with its KPIs."""
        # sudo: demo data, loaded at install by the superuser
        snapshots = self.sudo().search([], order="date_to, date_from desc, id")
        periods = [(s.company_id, s.date_from, s.date_to) for s in snapshots]
        for company, date_from, date_to in periods:
            self._compute_snapshot(company, date_from, date_to)
        return True
