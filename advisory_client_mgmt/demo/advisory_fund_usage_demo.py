"""Demo only, called from ``demo/advisory_fund_usage_demo.xml``: the report's lines
are made by the plan for its period, so their actual amounts (a share of each
planned amount) are filled in here."""

from odoo import api, models

MODULE = "advisory_client_mgmt"
# actual spending of the first period, as a share of its planned amount
ACTUAL_SHARES = {
    "fund_usage_category_working_capital": 0.9,
    "fund_usage_category_capex": 1.45,
    "fund_usage_category_refinancing": 1.0,
}


class AdvisoryFundUsagePlan(models.Model):
    _inherit = "advisory.fund.usage.plan"

    @api.model
    def _demo_report_spending(self):
        """Fill in the spending of the demo plan's first report, as its relationship
        manager, and register it as ``demo_fund_usage_report``."""
        plan = self.env.ref(f"{MODULE}.demo_fund_usage_plan")
        report = plan.report_ids.sorted("date_from")[:1]
        advisor = plan.contract_id.partner_id.relationship_manager_id
        for line in report.line_ids.with_user(advisor):
            xmlid = line.category_id.get_external_id()[line.category_id.id]
            share = ACTUAL_SHARES.get(xmlid.removeprefix(f"{MODULE}."), 1.0)
            line.actual_amount = line.currency_id.round(line.planned_amount * share)
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{MODULE}.demo_fund_usage_report",
                    "record": report,
                    "noupdate": True,
                }
            ]
        )
