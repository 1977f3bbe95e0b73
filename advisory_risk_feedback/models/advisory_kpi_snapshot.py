from odoo import api, models
from odoo.tools import SQL


class AdvisoryKpiSnapshot(models.Model):
    """The KPIs of the early warnings (advisory_risk_rating) in the KPI engine of
    advisory_feedback."""

    # the demo's extension stays apart, in demo/ (demo data only)
    _inherit = "advisory.kpi.snapshot"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _kpi_rows_alert_handling_hours(self, p):
        return SQL(
            """
            SELECT a.id, TRUE AS num,
                   EXTRACT(EPOCH FROM (a.date_resolved - a.date_open)) / 3600.0 AS val
              FROM advisory_risk_alert a
             WHERE a.company_id = %(company)s
               AND a.state = 'resolved'
               AND NOT COALESCE(a.auto_resolved, FALSE)
               AND a.date_open IS NOT NULL
               AND a.date_resolved >= %(dt_from)s AND a.date_resolved < %(dt_to)s
            """,
            **p,
        )

    @api.model
    def _kpi_rows_risk_event_rate(self, p):
        # one row per client active during the period, with the number of alerts
        # raised for it in the period: their average is the number of alerts per
        # client (0.12 = 12 alerts per 100 clients); the clients with an alert are
        # the numerator's records
        return SQL(
            """
            SELECT s.partner_id AS id, COALESCE(n.alerts, 0) > 0 AS num,
                   COALESCE(n.alerts, 0)::float AS val
              FROM (%(active)s) s
              LEFT JOIN (
                   SELECT a.partner_id, COUNT(*) AS alerts
                     FROM advisory_risk_alert a
                    WHERE a.company_id = %(company)s
                      AND a.date_open >= %(dt_from)s AND a.date_open < %(dt_to)s
                    GROUP BY a.partner_id) n ON n.partner_id = s.partner_id
            """,
            active=self._kpi_sql_active_in_period(p),
            **p,
        )
