"""Demo only, called from ``demo/advisory_kpi_demo.xml`` when the addon is installed
with demo data (nothing else calls it): KPI snapshots of the last periods, with
the demo clients' history dated back and a few opportunities won and lost so that
each KPI and trend has something to show."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class AdvisoryKpiSnapshot(models.Model):
    _inherit = "advisory.kpi.snapshot"

    @api.model
    def _demo_compute_snapshots(self):
        """Demo only (called from ``demo/advisory_kpi_demo.xml``): date the demo
        clients' first lifecycle event back two years (they were all created on
        the day of the installation; a churned demo client was active until five
        months ago), win and lose a few opportunities in each quarter, then compute
        the snapshots of the last four completed quarters, of the last month and of
        the quarter so far of the main company, oldest first so that each one shows
        the trend against the previous one."""
        company = self.env.ref("base.main_company")
        today = fields.Date.context_today(self)
        # sudo (here and below): demo data, loaded at install by the superuser
        demo_partners = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", "advisory_client_mgmt"),
                    ("model", "=", "res.partner"),
                ]
            )
            .mapped("res_id")
        )
        Event = self.env["advisory.lifecycle.event"].sudo()
        first_events = Event.search(
            [("partner_id", "in", demo_partners), ("old_state", "=", False)]
        )
        two_years_ago = today - relativedelta(years=2)
        churned = first_events.filtered(lambda event: event.new_state == "churned")
        (first_events - churned).write({"date": two_years_ago})
        if churned:
            churned.write(
                {"date": today - relativedelta(months=5), "old_state": "active"}
            )
            Event.create(
                [
                    {
                        "partner_id": event.partner_id.id,
                        "company_id": event.company_id.id,
                        "date": two_years_ago,
                        "new_state": "active",
                    }
                    for event in churned
                ]
            )
        month_start = today.replace(day=1)
        quarter_start = month_start - relativedelta(months=(month_start.month - 1) % 3)
        periods = [
            (
                quarter_start - relativedelta(months=3 * count),
                quarter_start - relativedelta(months=3 * (count - 1), days=1),
            )
            for count in (4, 3, 2, 1)
        ]
        self._demo_closed_leads(company, demo_partners, periods)
        periods.append(
            (month_start - relativedelta(months=1), month_start - timedelta(days=1))
        )
        # the quarter so far (custom period): the dashboard opens on it and shows
        # the demo tickets and answers of the last weeks
        if today > quarter_start:
            periods.append((quarter_start, today))
        for date_from, date_to in periods:
            self._compute_snapshot(company, date_from, date_to)
        return True

    @api.model
    def _demo_closed_leads(self, company, partner_ids, periods):
        """Demo only: opportunities of the demo clients won and lost during the
        ``periods`` (two won and one lost in each), for the conversion rate."""
        Lead = self.env["crm.lead"].sudo()
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        partners = (
            self.env["res.partner"].browse(partner_ids).filtered("is_advisory_client")
        )
        if not (won_stage and partners):
            return
        topics = ("Refinancing", "Tax planning", "Treasury review")
        for index, (date_from, _date_to) in enumerate(periods):
            for number, topic in enumerate(topics):
                partner = partners[(index * len(topics) + number) % len(partners)]
                won = number < 2 or index % 2
                lead = Lead.create(
                    {
                        "name": f"{topic}: {partner.name}",
                        "type": "opportunity",
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "expected_revenue": 50000 * (number + 1),
                        **({"stage_id": won_stage.id} if won else {}),
                    }
                )
                if not won:
                    lead.action_set_lost()
                # closed in the middle of the period (the CRM stamps "now")
                lead.write(
                    {
                        "date_closed": datetime.combine(
                            date_from + timedelta(days=20 + 15 * number), time(10)
                        )
                    }
                )
