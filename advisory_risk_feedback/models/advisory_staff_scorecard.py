from odoo import api, models
from odoo.tools import SQL


class AdvisoryStaffScorecard(models.Model):
    _inherit = "advisory.staff.scorecard"

    @api.model
    def _scorecard_measures(self):
        return [
            *super()._scorecard_measures(),
            {
                "code": "suggestions_acted",
                "name": self.env._("Suggestions Acted On"),
                "unit": "percent",
                "direction": "higher",
                "targets": {"advisor": 0.7, "manager": 0.7},
            },
        ]

    @api.model
    def _scorecard_rows_suggestions_acted(self, p):
        """The next-best actions given to the user and due in the period: the share
        done or followed by their outcome (ignored and still open ones count as not
        acted on)."""
        return SQL(
            """
            SELECT a.user_id,
                   COUNT(*) FILTER (WHERE a.state IN ('done', 'outcome')) AS num,
                   COUNT(*) AS den,
                   (COUNT(*) FILTER (WHERE a.state IN ('done', 'outcome')))::float
                       / COUNT(*) AS val
              FROM advisory_next_action a
             WHERE a.company_id = %(company)s
               AND a.user_id IS NOT NULL
               AND a.date_deadline >= %(date_from)s
               AND a.date_deadline <= %(date_to)s
             GROUP BY a.user_id
            """,
            **p,
        )
