"""Demo only: :meth:`AdvisoryFundUsagePlan._demo_create_fund_usage` is called once,
from ``demo/advisory_fund_usage_demo.xml``, when the addon is installed with demo
data. Nothing else calls it."""

from odoo import Command, api, models

from .advisory_contract import SIGNED_STATES
from .advisory_contract_fund_usage import FINANCING_SERVICE_LINE

MODULE = "advisory_client_mgmt"


class AdvisoryFundUsagePlan(models.Model):
    _inherit = "advisory.fund.usage.plan"

    @api.model
    def _demo_create_fund_usage(self):
        """The use of funds plan of a signed financing contract, and the client's
        first report, submitted with more capital expenditure than planned (it
        waits for a manager's verification). Runs once."""
        if self.search_count([], limit=1):
            return False
        financing = self.env.ref(FINANCING_SERVICE_LINE)
        contracts = self.env["advisory.contract"].search(
            [
                ("state", "in", SIGNED_STATES),
                ("engagement_id.service_line_ids", "in", financing.ids),
            ],
            order="date_start desc, id desc",
        )
        contract = (
            contracts.filtered(lambda c: c.state in ("signed", "active"))[:1]
            or contracts[:1]
        )
        if not contract:
            return False
        advisor = contract.partner_id.relationship_manager_id or self.env.ref(
            "base.user_demo"
        )
        category = f"{MODULE}.fund_usage_category_"
        plan = self.with_user(advisor).create(
            {
                "contract_id": contract.id,
                "frequency": "quarterly",
                "line_ids": [
                    Command.create(
                        {
                            "category_id": self.env.ref(f"{category}{code}").id,
                            "planned_amount": amount,
                        }
                    )
                    for code, amount in (
                        ("working_capital", 4_000_000),
                        ("capex", 6_000_000),
                        ("refinancing", 2_000_000),
                    )
                ],
            }
        )
        report = plan._open_reports()[:1] or plan._open_reports(plan.next_period_start)
        report = report.with_user(advisor)
        actual = {
            "working_capital": 0.9,  # of the planned amount of the period
            "capex": 1.45,
            "refinancing": 1.0,
        }
        for line in report.line_ids:
            code = line.category_id.get_external_id()[line.category_id.id]
            share = actual.get(code.removeprefix(category), 1.0)
            line.actual_amount = line.currency_id.round(line.planned_amount * share)
        evidence = (
            self.env["ir.attachment"]
            .with_user(advisor)
            .create({"name": "bank-statements.pdf", "raw": b"%PDF-1.4\n% demo\n"})
        )
        report.write(
            {
                "attachment_ids": [Command.set(evidence.ids)],
                "client_comment": "The second production line was ordered early: "
                "its equipment was paid this quarter.",
            }
        )
        report.action_submit()
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{MODULE}.demo_fund_usage_plan",
                    "record": plan,
                    "noupdate": True,
                },
                {
                    "xml_id": f"{MODULE}.demo_fund_usage_report",
                    "record": report,
                    "noupdate": True,
                },
            ]
        )
        return True
