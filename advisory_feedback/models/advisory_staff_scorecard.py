from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.models.advisory_contract import SIGNED_STATES

from .advisory_kpi_snapshot import RENEWABLE_STATES
from .advisory_kpi_target import target_met

ROLES = [("advisor", "Advisor"), ("manager", "Manager")]
SCORECARD_ROWS_PREFIX = "_scorecard_rows_"
# an achievement above this share of the target does not lift the overall score
# further (one outstanding measure does not hide the others)
MAX_ACHIEVEMENT = 1.5
# days per month on average: targets of amounts and hours are given per month
DAYS_PER_MONTH = 365.25 / 12
ADVISOR_GROUP = "advisory_client_mgmt.group_advisory_user"
MANAGER_GROUP = "advisory_client_mgmt.group_advisory_manager"
EXECUTIVE_GROUP = "advisory_client_mgmt.group_advisory_executive"


class AdvisoryStaffScorecard(models.Model):
    """The performance of one member of staff in one period of one company.

    :meth:`compute_scorecards` computes the cards of every relationship manager of
    the company for a period at once: one query for all the measures of all the
    users (each measure is a ``_scorecard_rows_<code>(params)`` method returning
    the SQL of rows ``(user_id, num, den, val)``, one row per user), then ranks the
    cards and compares them with the previous period. Computing a period again
    replaces its draft cards.

    An addon adds a measure with two overrides: :meth:`_scorecard_measures`
    (``super()`` plus its spec) and its ``_scorecard_rows_<code>`` method.
    """

    _name = "advisory.staff.scorecard"
    _description = "Staff Scorecard"
    _inherit = "advisory.kpi.period.mixin"
    _order = "date_to desc, rank, id"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users", string="Staff", required=True, readonly=True, index=True
    )
    period = fields.Char(compute="_compute_name", store=True)
    role = fields.Selection(
        ROLES,
        required=True,
        readonly=True,
        default="advisor",
        protected=True,
        help="The targets of the card are those of this role.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        required=True,
        readonly=True,
        index=True,
        copy=False,
        default="draft",
        protected=True,
        help="Done: the period is closed, computing it again is refused.",
    )
    line_ids = fields.One2many(
        "advisory.staff.scorecard.line",
        "scorecard_id",
        string="Measures",
        readonly=True,
    )
    score = fields.Float(
        readonly=True,
        aggregator="avg",
        protected=True,
        help="Average achievement of the measures with data and a target (each "
        "value against its target, capped at 150 %).",
    )
    rank = fields.Integer(
        readonly=True,
        protected=True,
        help="Rank of the overall score among the cards of the period (1 = best).",
    )
    peer_count = fields.Integer(string="Cards Ranked", readonly=True, protected=True)
    previous_score = fields.Float(readonly=True, protected=True)
    computed_on = fields.Datetime(readonly=True, protected=True)

    _sql_constraints = [  # noqa: RUF012
        (
            "user_period_uniq",
            "unique(user_id, company_id, date_from, date_to)",
            "A member of staff has one scorecard per period and company.",
        ),
    ]

    @api.depends("user_id.name", "date_from", "date_to", "period_type")
    def _compute_name(self):
        for card in self:
            card.period = card._period_name()
            card.name = card.period and f"{card.user_id.name} – {card.period}"

    # ------------------------------------------------------------------
    # Measures (the registry of the scorecards)
    # ------------------------------------------------------------------

    @api.model
    def _scorecard_measures(self):
        """The measures of the scorecards, in their order. A bridge addon adds one
        by overriding this method (``super()`` plus its dict) and adding its
        ``_scorecard_rows_<code>`` method.

        Keys: ``code``, ``name`` (translated), ``unit`` (``percent``, ``score``,
        ``amount``, ``hours``), ``direction`` (``higher`` / ``lower`` is better),
        ``per_month`` (the target is per month, multiplied by the months of the
        period), ``targets`` (default target per role, None: no target)."""
        return [
            {
                "code": "satisfaction",
                "name": self.env._("Client Satisfaction"),
                "unit": "percent",
                "direction": "higher",
                "targets": {"advisor": 0.85, "manager": 0.85},
            },
            {
                "code": "nps",
                "name": self.env._("Net Promoter Score"),
                "unit": "score",
                "direction": "higher",
                "targets": {"advisor": 0.3, "manager": 0.3},
            },
            {
                "code": "sla_compliance",
                "name": self.env._("Tickets Within SLA"),
                "unit": "percent",
                "direction": "higher",
                "targets": {"advisor": 0.9, "manager": 0.95},
            },
            {
                "code": "plan_adherence",
                "name": self.env._("Planned Contacts On Time"),
                "unit": "percent",
                "direction": "higher",
                "targets": {"advisor": 0.9, "manager": 0.9},
            },
            {
                "code": "churn",
                "name": self.env._("Client Churn"),
                "unit": "percent",
                "direction": "lower",
                "targets": {"advisor": 0.05, "manager": 0.05},
            },
            {
                "code": "contract_value",
                "name": self.env._("Signed Contract Value"),
                "unit": "amount",
                "direction": "higher",
                "per_month": True,
                "targets": {"advisor": 20000.0, "manager": 40000.0},
            },
            {
                "code": "renewal_rate",
                "name": self.env._("Renewals"),
                "unit": "percent",
                "direction": "higher",
                "targets": {"advisor": 0.6, "manager": 0.7},
            },
            {
                "code": "training_hours",
                "name": self.env._("Training Hours"),
                "unit": "hours",
                "direction": "higher",
                "per_month": True,
                "targets": {"advisor": 2.0, "manager": 1.0},
            },
            {
                "code": "certification_coverage",
                "name": self.env._("Required Certifications Held"),
                "unit": "percent",
                "direction": "higher",
                "targets": {"advisor": 1.0, "manager": 1.0},
            },
        ]

    @api.model
    def _scorecard_measure_specs(self):
        """``{code: spec}`` of :meth:`_scorecard_measures`, with ``sequence``."""
        return {
            spec["code"]: dict(spec, sequence=index)
            for index, spec in enumerate(self._scorecard_measures())
        }

    @api.model
    def _selection_measure_code(self):
        return [(spec["code"], spec["name"]) for spec in self._scorecard_measures()]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def compute_scorecards(self, date_from, date_to):
        """Compute the scorecards of the current company's staff for the period
        ``[date_from, date_to]`` (both included), replacing those of the same
        period. Managers and executives only.

        :return: the scorecards of the period
        """
        self._check_can_compute()
        date_from, date_to = self._check_period(date_from, date_to)
        cards = self._compute_scorecards(self.env.company, date_from, date_to)
        return self.browse(cards.ids)

    def action_done(self):
        """Close the period of these cards: computing it again is refused."""
        self._check_can_change_state("draft")
        self._do_set_state("done")

    def action_reset_draft(self):
        """Reopen the period of these cards (managers), to compute it again."""
        self._check_can_change_state("done")
        self._do_set_state("draft")

    def _check_can_change_state(self, state):
        """Refuse to close or reopen cards unless the user computes scorecards,
        may read the cards (those of her companies) and they are all in
        ``state``."""
        self._check_can_compute()
        # the state is written in superuser mode: the cards must be the user's
        # (the record rules keep managers to the cards of their companies)
        self.check_access("read")
        for card in self:
            if card.state != state:
                raise UserError(
                    self.env._(
                        "The scorecard %(card)s is %(state)s: it cannot be closed "
                        "or reopened now.",
                        card=card.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[card.state],
                    )
                )

    def _do_set_state(self, state):
        # sudo: the state is protected; the rights were checked by the caller
        self.sudo().write({"state": state})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        for card in self:
            if card.state == "done":
                raise UserError(
                    self.env._(
                        "The scorecard %(card)s is closed: reopen it before "
                        "deleting it.",
                        card=card.name,
                    )
                )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------

    @api.model
    def _check_can_compute(self):
        if not (
            self.env.su
            or self.env.user.has_group(MANAGER_GROUP)
            or self.env.user.has_group(EXECUTIVE_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Only advisory managers and executives can compute or close "
                    "staff scorecards."
                )
            )

    @api.model
    def _scorecard_params(self, company, date_from, date_to):
        return self.env["advisory.kpi.snapshot"]._kpi_params(
            company, date_from, date_to
        )

    @api.model
    def _scorecard_values(self, company, date_from, date_to, codes):
        """``{(code, user_id): (num, den, val)}`` of the measures ``codes``: one
        query for all the measures and all the users."""
        self.env.flush_all()
        params = self._scorecard_params(company, date_from, date_to)
        parts = []
        for code in codes:
            method = getattr(self, f"{SCORECARD_ROWS_PREFIX}{code}", None)
            if not callable(method):
                raise UserError(
                    self.env._(
                        "The scorecard measure %(code)s cannot be computed: no method "
                        "%(method)s (is the addon that defines it installed?).",
                        code=code,
                        method=f"{SCORECARD_ROWS_PREFIX}{code}",
                    )
                )
            parts.append(
                SQL(
                    "SELECT %s AS code, r.user_id, r.num::float, r.den::float, "
                    "r.val::float FROM (%s) AS r WHERE r.user_id IS NOT NULL",
                    code,
                    method(params),
                )
            )
        if not parts:
            return {}
        self.env.cr.execute(SQL(" UNION ALL ").join(parts))
        return {
            (code, user_id): (num, den, val)
            for code, user_id, num, den, val in self.env.cr.fetchall()
        }

    @api.model
    def _scorecard_users(self, company, user_ids):
        """The staff who get a card: the relationship managers of the company's
        clients and the users the measures found, if they are advisory users of
        the company; with their role."""
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT p.relationship_manager_id
                  FROM res_partner p
                 WHERE p.is_advisory_client AND p.active
                   AND p.relationship_manager_id IS NOT NULL
                   AND (p.company_id IS NULL OR p.company_id = %s)
                """,
                company.id,
            )
        )
        user_ids = set(user_ids) | {row[0] for row in self.env.cr.fetchall()}
        Users = self.env["res.users"].with_context(active_test=True)
        users = Users.search(
            [
                ("id", "in", list(user_ids)),
                ("share", "=", False),
                ("groups_id", "=", self.env.ref(ADVISOR_GROUP).id),
                ("company_ids", "in", company.id),
            ],
            order="id",
        )
        managers = Users.search(
            [
                ("id", "in", users.ids),
                ("groups_id", "=", self.env.ref(MANAGER_GROUP).id),
            ]
        )
        return users, set(managers.ids)

    @api.model
    def _compute_scorecards(self, company, date_from, date_to):
        """Compute and store the cards of ``company`` for the period, replacing
        the draft ones; the rights are checked by the caller."""
        # sudo: a card counts every record of the company (all clients, answers,
        # tickets), whatever the record rules of the user computing it
        self = self.sudo().with_company(company)
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ]
        )
        if "done" in existing.mapped("state"):
            raise UserError(
                self.env._(
                    "The scorecards of %(period)s are closed: reopen them before "
                    "computing them again.",
                    period=existing[:1].period,
                )
            )
        specs = self._scorecard_measure_specs()
        values = self._scorecard_values(company, date_from, date_to, list(specs))
        users, manager_ids = self._scorecard_users(
            company, {user_id for _code, user_id in values}
        )
        Target = self.env["advisory.staff.scorecard.target"]
        targets = Target._targets(company)
        months = ((date_to - date_from).days + 1) / DAYS_PER_MONTH
        period_type = self._period_type(date_from, date_to)
        previous = self._previous_values(company, period_type, date_from)
        existing.unlink()

        cards = []
        for user in users:
            role = "manager" if user.id in manager_ids else "advisor"
            lines = []
            for code, spec in specs.items():
                num, den, val = values.get((code, user.id), (None, 0.0, None))
                if not den:
                    val = None
                target = targets.get((role, code))
                if target is not None and spec.get("per_month"):
                    target *= months
                lines.append(
                    {
                        "sequence": spec["sequence"],
                        "measure_code": code,
                        "numerator": num if num is not None else False,
                        "denominator": den or 0.0,
                        "value": val if val is not None else False,
                        "target": target if target is not None else False,
                        "direction": ">=" if spec["direction"] == "higher" else "<=",
                        "previous_value": previous.get((user.id, code), False),
                    }
                )
            cards.append({"user": user, "role": role, "lines": lines})

        self._rank(cards, specs)
        vals_list = []
        for card in cards:
            for line in card["lines"]:
                line.update(self._line_status(line))
                line["trend"] = self._trend(line["value"], line["previous_value"])
            vals_list.append(
                {
                    "user_id": card["user"].id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "period_type": period_type,
                    "role": card["role"],
                    "score": card["score"],
                    "rank": card["rank"],
                    "peer_count": card["peer_count"],
                    "previous_score": previous.get((card["user"].id, "score"), 0.0),
                    "computed_on": fields.Datetime.now(),
                    "line_ids": [Command.create(line) for line in card["lines"]],
                }
            )
        return self.create(vals_list)

    @api.model
    def _line_status(self, line):
        value, target = line["value"], line["target"]
        if value is False:
            return {"status": "no_data", "achievement": False}
        if target is False:
            return {"status": False, "achievement": False}
        met = target_met(value, target, line["direction"])
        if line["direction"] == ">=":
            achievement = value / target if target > 0 else (1.0 if met else 0.0)
        else:
            achievement = target / value if value > 0 else MAX_ACHIEVEMENT
        achievement = min(max(achievement, 0.0), MAX_ACHIEVEMENT)
        return {"status": "met" if met else "missed", "achievement": achievement}

    @api.model
    def _trend(self, value, previous):
        if value is False or previous is False:
            return False
        if value > previous + 1e-9:
            return "up"
        if value < previous - 1e-9:
            return "down"
        return "flat"

    @api.model
    def _rank(self, cards, specs):
        """Rank each measure among the cards with a value (1 = best, ties share
        their rank), and the cards by their overall score."""
        for code, spec in specs.items():
            sign = -1 if spec["direction"] == "higher" else 1
            ranked = [
                (sign * line["value"], line)
                for card in cards
                for line in card["lines"]
                if line["measure_code"] == code and line["value"] is not False
            ]
            for line in ranked:
                line[1]["rank"] = 1 + sum(1 for key, _l in ranked if key < line[0])
        for card in cards:
            achievements = []
            for line in card["lines"]:
                status = self._line_status(line)
                if status["achievement"] is not False:
                    achievements.append(status["achievement"])
            card["score"] = (
                sum(achievements) / len(achievements) if achievements else None
            )
        # cards without any measure against a target are not ranked (rank 0)
        scored = [card for card in cards if card["score"] is not None]
        for card in cards:
            card["peer_count"] = len(scored)
            card["rank"] = (
                1 + sum(1 for other in scored if other["score"] > card["score"] + 1e-9)
                if card["score"] is not None
                else 0
            )
            card["score"] = card["score"] or 0.0

    @api.model
    def _previous_values(self, company, period_type, date_from):
        """``{(user_id, code): value}`` (and ``(user_id, "score")``) of the latest
        cards of the same period type before ``date_from``."""
        last = self.search(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", period_type),
                ("date_to", "<", date_from),
            ],
            order="date_to desc",
            limit=1,
        )
        if not last:
            return {}
        lines = self.env["advisory.staff.scorecard.line"].search_read(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", last.date_from),
                ("date_to", "=", last.date_to),
            ],
            ["user_id", "measure_code", "value"],
            load=None,
        )
        result = {
            (line["user_id"], line["measure_code"]): line["value"] for line in lines
        }
        for card in self.search_read(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", last.date_from),
                ("date_to", "=", last.date_to),
            ],
            ["user_id", "score"],
            load=None,
        ):
            result[(card["user_id"], "score")] = card["score"]
        return result

    # ------------------------------------------------------------------
    # Measures: one SQL each, rows (user_id, num, den, val) grouped by user
    # ------------------------------------------------------------------

    @api.model
    def _scorecard_rows_satisfaction(self, p):
        """Average satisfaction (fraction of the maximum) of the answers the
        relationship manager's clients completed in the period."""
        return SQL(
            """
            SELECT cp.relationship_manager_id AS user_id,
                   SUM(ui.advisory_score) / 100.0 AS num, COUNT(*) AS den,
                   AVG(ui.advisory_score) / 100.0 AS val
              FROM survey_user_input ui
              JOIN res_partner cp ON cp.id = ui.advisory_partner_id
             WHERE ui.advisory_company_id = %(company)s
               AND ui.state = 'done' AND NOT COALESCE(ui.test_entry, FALSE)
               AND ui.end_datetime >= %(dt_from)s AND ui.end_datetime < %(dt_to)s
               AND ui.advisory_score IS NOT NULL
             GROUP BY cp.relationship_manager_id
            """,
            **p,
        )

    @api.model
    def _scorecard_rows_nps(self, p):
        """Net promoter score (promoters - detractors, over the NPS answers) of the
        relationship manager's clients in the period, from -1 to 1."""
        return SQL(
            """
            SELECT cp.relationship_manager_id AS user_id,
                   COUNT(*) FILTER (WHERE ui.advisory_nps_category = 'promoter')
                   - COUNT(*) FILTER (WHERE ui.advisory_nps_category = 'detractor')
                       AS num,
                   COUNT(*) AS den,
                   (COUNT(*) FILTER (WHERE ui.advisory_nps_category = 'promoter')
                    - COUNT(*) FILTER (WHERE ui.advisory_nps_category = 'detractor')
                   )::float / COUNT(*) AS val
              FROM survey_user_input ui
              JOIN res_partner cp ON cp.id = ui.advisory_partner_id
             WHERE ui.advisory_company_id = %(company)s
               AND ui.state = 'done' AND NOT COALESCE(ui.test_entry, FALSE)
               AND ui.end_datetime >= %(dt_from)s AND ui.end_datetime < %(dt_to)s
               AND ui.advisory_nps_category IS NOT NULL
             GROUP BY cp.relationship_manager_id
            """,
            **p,
        )

    @api.model
    def _scorecard_rows_sla_compliance(self, p):
        """Tickets assigned to the user and resolved in the period: the share
        answered and resolved within their SLA deadlines."""
        return SQL(
            """
            SELECT f.user_id,
                   COUNT(*) FILTER (
                       WHERE NOT COALESCE(f.response_breached, FALSE)
                         AND NOT COALESCE(f.resolution_breached, FALSE)) AS num,
                   COUNT(*) AS den,
                   (COUNT(*) FILTER (
                       WHERE NOT COALESCE(f.response_breached, FALSE)
                         AND NOT COALESCE(f.resolution_breached, FALSE)))::float
                   / COUNT(*) AS val
              FROM advisory_feedback f
             WHERE f.company_id = %(company)s
               AND f.resolved_on >= %(dt_from)s AND f.resolved_on < %(dt_to)s
             GROUP BY f.user_id
            """,
            **p,
        )

    @api.model
    def _scorecard_rows_plan_adherence(self, p):
        """Contacts of communication plans due in the period for the user: the
        share done by their due date."""
        return SQL(
            """
            SELECT c.user_id,
                   COUNT(*) FILTER (WHERE c.on_time) AS num, COUNT(*) AS den,
                   (COUNT(*) FILTER (WHERE c.on_time))::float / COUNT(*) AS val
              FROM advisory_communication_plan_contact c
             WHERE COALESCE(c.company_id, %(company)s) = %(company)s
               AND c.date_deadline >= %(date_from)s AND c.date_deadline <= %(date_to)s
             GROUP BY c.user_id
            """,
            **p,
        )

    @api.model
    def _scorecard_rows_churn(self, p):
        """The relationship manager's clients active at the start of the period:
        the share that churned during it."""
        state_at = self.env["advisory.kpi.snapshot"]._kpi_sql_state_at(
            p["company"], "<", p["date_from"]
        )
        return SQL(
            """
            SELECT cl.relationship_manager_id AS user_id,
                   COUNT(*) FILTER (WHERE x.churned) AS num, COUNT(*) AS den,
                   (COUNT(*) FILTER (WHERE x.churned))::float / COUNT(*) AS val
              FROM (
                   SELECT s.partner_id, EXISTS (
                              SELECT 1 FROM advisory_lifecycle_event e
                               WHERE e.partner_id = s.partner_id
                                 AND e.company_id = %(company)s
                                 AND e.date >= %(date_from)s
                                 AND e.date <= %(date_to)s
                                 AND e.new_state = 'churned'
                          ) AS churned
                     FROM (%(state_at)s) s
                    WHERE s.new_state = 'active'
                   ) x
              JOIN res_partner cl ON cl.id = x.partner_id
             GROUP BY cl.relationship_manager_id
            """,
            state_at=state_at,
            **p,
        )

    @api.model
    def _scorecard_rows_contract_value(self, p):
        """Value (company currency) of the contracts the relationship manager's
        clients signed in the period."""
        return SQL(
            """
            SELECT cl.relationship_manager_id AS user_id,
                   SUM(COALESCE(c.amount_company_currency, 0)) AS num,
                   COUNT(*) AS den,
                   SUM(COALESCE(c.amount_company_currency, 0)) AS val
              FROM advisory_contract c
              JOIN res_partner cl ON cl.id = c.partner_id
             WHERE c.company_id = %(company)s
               AND c.state IN %(signed)s
               AND c.signed_date >= %(date_from)s AND c.signed_date <= %(date_to)s
             GROUP BY cl.relationship_manager_id
            """,
            signed=SIGNED_STATES,
            **p,
        )

    @api.model
    def _scorecard_rows_renewal_rate(self, p):
        """The relationship manager's clients' contracts that ended in the period:
        the share renewed."""
        return SQL(
            """
            SELECT cl.relationship_manager_id AS user_id,
                   COUNT(c.renewal_id) AS num, COUNT(*) AS den,
                   COUNT(c.renewal_id)::float / COUNT(*) AS val
              FROM advisory_contract c
              JOIN res_partner cl ON cl.id = c.partner_id
             WHERE c.company_id = %(company)s
               AND c.state IN %(renewable)s
               AND c.date_end >= %(date_from)s AND c.date_end <= %(date_to)s
             GROUP BY cl.relationship_manager_id
            """,
            renewable=RENEWABLE_STATES,
            **p,
        )

    @api.model
    def _scorecard_rows_training_hours(self, p):
        """Hours of training the user attended (or certified) in the period."""
        return SQL(
            """
            SELECT t.user_id, SUM(t.hours) AS num, COUNT(*) AS den,
                   SUM(t.hours) AS val
              FROM advisory_training_record t
             WHERE COALESCE(t.company_id, %(company)s) = %(company)s
               AND t.state IN ('attended', 'certified', 'expired')
               AND t.date >= %(date_from)s AND t.date <= %(date_to)s
             GROUP BY t.user_id
            """,
            **p,
        )

    @api.model
    def _scorecard_rows_certification_coverage(self, p):
        """The certifications required for the user's groups: the share she held
        and was valid on the last day of the period."""
        return SQL(
            """
            SELECT x.user_id, COUNT(*) FILTER (WHERE x.held) AS num,
                   COUNT(*) AS den,
                   (COUNT(*) FILTER (WHERE x.held))::float / COUNT(*) AS val
              FROM (
                   SELECT DISTINCT gu.uid AS user_id, c.id AS course_id,
                          EXISTS (
                              SELECT 1 FROM advisory_training_record t
                               WHERE t.user_id = gu.uid AND t.course_id = c.id
                                 AND t.state IN ('certified', 'expired')
                                 AND t.date <= %(date_to)s
                                 AND (t.expiry_date IS NULL
                                      OR t.expiry_date >= %(date_to)s)
                          ) AS held
                     FROM advisory_training_course c
                     JOIN advisory_training_course_res_groups_rel r
                          ON r.course_id = c.id
                     JOIN res_groups_users_rel gu ON gu.gid = r.group_id
                    WHERE c.kind = 'certification' AND c.active
                      AND COALESCE(c.company_id, %(company)s) = %(company)s
                   ) x
             GROUP BY x.user_id
            """,
            **p,
        )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_compute_scorecards(self):
        """Compute the cards of the month that just ended for every company that
        has none for it yet (daily: idempotent, a month already computed is left
        alone)."""
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        date_from = month_start - relativedelta(months=1)
        date_to = month_start - timedelta(days=1)
        companies = self.env["res.company"].search(self._get_cron_company_domain())
        # sudo: the cards of every company, whatever the cron user's rules
        done = {
            company.id
            for [company] in self.sudo()._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                ],
                ["company_id"],
            )
        }
        todo = companies.filtered(lambda company: company.id not in done)
        # a company computed is kept if a later one fails (idempotent)
        self._run_batches(
            list(todo),
            lambda company: self._compute_scorecards(company, date_from, date_to),
        )
