from odoo import api, models
from odoo.tools import SQL


class AdvisoryKpiSnapshot(models.Model):
    """The KPIs of the early warnings (advisory_risk_rating) in the KPI engine of
    advisory_feedback."""

    _inherit = "advisory.kpi.snapshot"

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
    def _kpi_compute_risk_event_rate(self, company, date_from, date_to):
        """Alerts raised in the period ÷ clients active during the period (a
        fraction: 0.12 = 12 alerts per 100 clients); one query."""
        p = self._kpi_params(company, date_from, date_to)
        self.env.cr.execute(
            SQL(
                """
                SELECT (SELECT COUNT(*) FROM advisory_risk_alert a
                         WHERE a.company_id = %(company)s
                           AND a.date_open >= %(dt_from)s
                           AND a.date_open < %(dt_to)s)::float,
                       (SELECT COUNT(*) FROM (%(active)s) s)::float
                """,
                active=self._kpi_sql_active_in_period(p),
                **p,
            )
        )
        alerts, clients = self.env.cr.fetchone()
        return alerts, clients, alerts / clients if clients else False
