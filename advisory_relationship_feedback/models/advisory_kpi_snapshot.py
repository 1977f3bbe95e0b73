from odoo import api, models
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.models.advisory_contract import SIGNED_STATES


class AdvisoryKpiSnapshot(models.Model):
    _inherit = "advisory.kpi.snapshot"

    @api.model
    def _kpi_rows_relationship_cost_ratio(self, p):
        """Relationship cost ÷ signed contract value of the period: the cost lines
        of the period (counted) against the contracts signed in it (summed as the
        denominator), both in the company currency."""
        return SQL(
            """
            SELECT c.id, TRUE AS num, c.amount::float AS val
              FROM advisory_relationship_cost c
             WHERE c.company_id = %(company)s
               AND c.date BETWEEN %(date_from)s AND %(date_to)s
             UNION ALL
            SELECT k.id, FALSE AS num,
                   COALESCE(k.amount_company_currency, 0)::float AS val
              FROM advisory_contract k
             WHERE k.company_id = %(company)s
               AND k.state IN %(signed)s
               AND k.signed_date BETWEEN %(date_from)s AND %(date_to)s
            """,
            signed=SIGNED_STATES,
            **p,
        )
