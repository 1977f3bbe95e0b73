from datetime import datetime, time, timedelta

from odoo import api, models


class AdvisoryKpiEvaluationReport(models.AbstractModel):
    """Values of the evaluation PDF of KPI snapshots: the KPIs against their
    targets, the top complaint categories and the open improvement actions of the
    period, and the clients' risk distribution when risk rating is installed (see
    :meth:`_snapshot_risk`)."""

    _name = "report.advisory_feedback.report_kpi_evaluation"
    _description = "KPI Evaluation Report"

    # categories of feedback that are not complaints
    NON_COMPLAINT_CATEGORIES = ("praise", "suggestion")

    @api.model
    def _get_report_values(self, docids, data=None):
        snapshots = self.env["advisory.kpi.snapshot"].browse(docids)
        snapshots.check_access("read")
        return {
            "doc_ids": snapshots.ids,
            "doc_model": "advisory.kpi.snapshot",
            "docs": snapshots,
            "details": {
                snapshot.id: self._snapshot_details(snapshot) for snapshot in snapshots
            },
        }

    def _snapshot_details(self, snapshot):
        # sudo: the evaluation covers the whole company (all tickets, actions and
        # clients), like the KPIs it explains; the reader may read the snapshot
        env = self.sudo().env
        company = snapshot.company_id
        dt_from = datetime.combine(snapshot.date_from, time.min)
        dt_to = datetime.combine(snapshot.date_to + timedelta(days=1), time.min)
        Feedback = env["advisory.feedback"]
        categories = dict(Feedback._fields["category"]._description_selection(env))
        complaint_groups = Feedback._read_group(
            [
                ("company_id", "=", company.id),
                ("date_received", ">=", dt_from),
                ("date_received", "<", dt_to),
                ("category", "not in", self.NON_COMPLAINT_CATEGORIES),
            ],
            ["category"],
            ["__count"],
        )
        complaints = sorted(
            (
                (categories.get(category, category), count)
                for category, count in complaint_groups
            ),
            key=lambda item: (-item[1], item[0]),
        )[:5]
        actions = env["advisory.improvement.action"].search(
            [
                ("company_id", "=", company.id),
                ("state", "not in", ("done", "cancelled")),
            ],
            order="date_deadline, id",
        )
        return {
            "lines": snapshot.line_ids.sorted("sequence"),
            "complaints": complaints,
            "actions": actions,
            "risk": self._snapshot_risk(snapshot),
        }

    def _snapshot_risk(self, snapshot):
        """The clients' risk distribution of the snapshot's company: a list of
        ``(risk level label, number of clients)``, or False when the firm does not
        rate risks (the section is not shown). The risk rating bridge
        (advisory_risk_feedback) provides it."""
        return False
