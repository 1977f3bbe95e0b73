from odoo import models
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.fields import NullableFloat


class AdvisoryRelationshipReturnReport(models.Model):
    _inherit = "advisory.relationship.return.report"

    satisfaction = NullableFloat(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Average satisfaction (CSAT) of the client's survey answers completed "
        "in the month for the company; empty without answers.",
    )

    def _return_report_select(self):
        return [*super()._return_report_select(), SQL("sat.score AS satisfaction")]

    def _return_report_joins(self):
        return [
            *super()._return_report_joins(),
            SQL(
                """
                LEFT JOIN (
                    SELECT i.advisory_partner_id AS partner_id,
                           i.advisory_company_id AS company_id,
                           date_trunc('month', i.end_datetime)::date AS month,
                           AVG(i.advisory_score) AS score
                      FROM survey_user_input i
                     WHERE i.state = 'done'
                       AND NOT COALESCE(i.test_entry, FALSE)
                       AND i.advisory_score IS NOT NULL
                       AND i.end_datetime IS NOT NULL
                     GROUP BY 1, 2, 3
                ) sat ON sat.partner_id = k.partner_id
                     AND sat.company_id = k.company_id
                     AND sat.month = k.month
                """
            ),
        ]
