from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.models.advisory_contract import SIGNED_STATES
from odoo.addons.advisory_risk_rating.models.common import VALUE_TIERS

# event registrations that make a client share the event's cost: registered or
# attended (not unconfirmed, not cancelled)
EVENT_SHARING_STATES = ("open", "done")


class AdvisoryRelationshipReturnReport(models.Model):
    """Cost per client and return: per client (commercial partner) and month, the
    relationship cost against the value of the contracts signed.

    The cost of a month is the cost lines of that month attributed to the client:
    the lines with a client (greetings, rewards, a cost booked for a client), and
    an equal share of each client event's lines without a client, split over the
    distinct clients with a registered or attending contact (an event without any
    is a cost of no client: a row without client, so totals match the budgets).
    The signed value is the value (company currency) of the client's contracts
    signed in the month. The ratio is cost ÷ signed value, empty without signed
    value.

    Bridges add columns through :meth:`_return_report_select` and
    :meth:`_return_report_joins` (the row's keys are ``k.partner_id``,
    ``k.company_id`` and ``k.month``)."""

    _name = "advisory.relationship.return.report"
    _description = "Relationship Cost and Return"
    _auto = False
    _order = "date desc, relationship_cost desc"
    _rec_name = "partner_id"

    date = fields.Date(string="Month", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    value_tier = fields.Selection(
        VALUE_TIERS,
        readonly=True,
        help="The client's value tier today (risk rating).",
    )
    relationship_cost = fields.Monetary(readonly=True)
    signed_value = fields.Monetary(
        string="Signed Contract Value",
        readonly=True,
        help="Value (company currency) of the client's contracts signed in the month.",
    )
    cost_ratio = fields.Float(
        string="Cost / Signed Value",
        readonly=True,
        aggregator=None,
        digits=(16, 4),
        help="Relationship cost ÷ signed contract value of the month (0.05 = 5 %); "
        "empty when nothing was signed.",
    )

    def _return_report_select(self):
        """Extra columns (``SQL("expr AS column")``) of the report; bridges add
        theirs."""
        return []

    def _return_report_joins(self):
        """Extra joins (``SQL("LEFT JOIN ... ON ...")``) for the extra columns."""
        return []

    def _return_report_query(self):
        extra_select = self._return_report_select()
        return SQL(
            """
            WITH client_events AS (
                -- the clients sharing each event's cost
                SELECT DISTINCT r.event_id, p.commercial_partner_id AS partner_id
                  FROM event_registration r
                  JOIN res_partner p ON p.id = r.partner_id
                  JOIN res_partner cp ON cp.id = p.commercial_partner_id
                 WHERE r.state IN %(sharing)s
                   AND cp.is_advisory_client
            ),
            event_shares AS (
                SELECT event_id, partner_id,
                       COUNT(*) OVER (PARTITION BY event_id) AS clients
                  FROM client_events
            ),
            amounts AS (
                SELECT c.company_id, c.partner_id, c.date, c.amount AS cost,
                       0.0 AS signed
                  FROM advisory_relationship_cost c
                 WHERE c.partner_id IS NOT NULL
                    OR c.event_id IS NULL
                    OR NOT EXISTS (
                        SELECT 1 FROM event_shares s WHERE s.event_id = c.event_id
                    )
                 UNION ALL
                SELECT c.company_id, s.partner_id, c.date, c.amount / s.clients,
                       0.0
                  FROM advisory_relationship_cost c
                  JOIN event_shares s ON s.event_id = c.event_id
                 WHERE c.partner_id IS NULL
                 UNION ALL
                SELECT k.company_id, k.partner_id, k.signed_date, 0.0,
                       COALESCE(k.amount_company_currency, 0.0)
                  FROM advisory_contract k
                 WHERE k.state IN %(signed)s
                   AND k.signed_date IS NOT NULL
            ),
            k AS (
                SELECT company_id, partner_id,
                       date_trunc('month', date)::date AS month,
                       SUM(cost) AS cost, SUM(signed) AS signed
                  FROM amounts
                 GROUP BY 1, 2, 3
            )
            SELECT row_number() OVER (
                       ORDER BY k.month, k.company_id, k.partner_id NULLS FIRST
                   ) AS id,
                   k.month AS date,
                   k.partner_id,
                   k.company_id,
                   company.currency_id,
                   partner.value_tier,
                   k.cost AS relationship_cost,
                   k.signed AS signed_value,
                   CASE WHEN k.signed > 0 THEN k.cost / k.signed END AS cost_ratio
                   %(extra_select)s
              FROM k
              JOIN res_company company ON company.id = k.company_id
              LEFT JOIN res_partner partner ON partner.id = k.partner_id
              %(extra_joins)s
            """,
            sharing=EVENT_SHARING_STATES,
            signed=SIGNED_STATES,
            extra_select=SQL(", ").join([SQL(""), *extra_select])
            if extra_select
            else SQL(""),
            extra_joins=SQL(" ").join(self._return_report_joins()),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._return_report_query(),
            )
        )
