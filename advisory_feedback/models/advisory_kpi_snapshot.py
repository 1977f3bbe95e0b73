from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from odoo.addons.advisory_client_mgmt.models.advisory_contract import SIGNED_STATES

from .advisory_kpi_definition import COMPUTE_PREFIX, ROWS_PREFIX
from .advisory_kpi_target import target_met

# contracts that ran to their end date (renewal rate)
RENEWABLE_STATES = ("signed", "active", "expired")
# a satisfaction answer counts as satisfied from this score (% of the maximum)
SATISFIED_SCORE = 80.0


class AdvisoryKpiSnapshot(models.Model):
    """The firm's KPIs of one company and one period, against its targets.

    :meth:`compute_snapshot` computes them (with a fixed number of queries) and
    replaces the snapshot of the same period; a daily cron computes the month and
    the quarter that just ended (and the year in January).
    """

    _name = "advisory.kpi.snapshot"
    _description = "Advisory KPI Snapshot"
    _inherit = "advisory.kpi.period.mixin"
    _order = "date_to desc, date_from, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    period_type = fields.Selection(
        help="Calendar month, quarter or year; custom for any other period. Trends "
        "compare a snapshot with the previous one of the same period type.",
    )
    line_ids = fields.One2many(
        "advisory.kpi.snapshot.line", "snapshot_id", string="KPIs", readonly=True
    )
    computed_on = fields.Datetime(readonly=True)
    computed_by_id = fields.Many2one("res.users", readonly=True)
    met_count = fields.Integer(string="Targets Met", compute="_compute_counts")
    missed_count = fields.Integer(string="Targets Missed", compute="_compute_counts")

    _sql_constraints = [  # noqa: RUF012
        (
            "company_period_uniq",
            "unique(company_id, date_from, date_to)",
            "A company has one KPI snapshot per period.",
        ),
    ]

    @api.depends("date_from", "date_to", "period_type")
    def _compute_name(self):
        for snapshot in self:
            snapshot.name = snapshot._period_name()

    def _period_label(self):
        """The period in the reader's language, for documents ("2026年第3季度" for a
        zh_CN reader); the stored name stays language-neutral for search and the API."""
        self.ensure_one()
        year, month = self.date_from.year, self.date_from.month
        if self.period_type == "month":
            return self.env._(
                "%(year)s-%(month)s", year=year, month=str(month).zfill(2)
            )
        if self.period_type == "quarter":
            return self.env._(
                "%(year)s Q%(quarter)s", year=year, quarter=(month - 1) // 3 + 1
            )
        if self.period_type == "year":
            return self.env._("Year %(year)s", year=year)
        return self.env._(
            "%(start)s – %(end)s",
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for snapshot in self:
            statuses = snapshot.line_ids.mapped("status")
            snapshot.met_count = statuses.count("met")
            snapshot.missed_count = statuses.count("missed")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    @api.returns("self", lambda snapshot: snapshot.id)
    def compute_snapshot(self, date_from, date_to):
        """Compute the KPIs of the current company for the period ``[date_from,
        date_to]`` (both included) and store them, replacing the snapshot of the
        same period if there is one. Managers and executives only.

        :return: the snapshot (``advisory.kpi.snapshot`` record)
        """
        self._check_can_compute()
        date_from, date_to = self._check_period(date_from, date_to)
        snapshot = self._compute_snapshot(self.env.company, date_from, date_to)
        return self.browse(snapshot.id)

    def action_open_dashboard(self):
        """The KPI cards of this snapshot."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_feedback.advisory_kpi_snapshot_line_action_dashboard"
        )
        action["domain"] = [("snapshot_id", "=", self.id)]
        action["display_name"] = self.env._(
            "KPI Dashboard – %(period)s", period=self.name
        )
        return action

    def action_compare_previous(self):
        """Before / after: this snapshot's period against the previous period of
        the same length (the previous month, quarter or year)."""
        self.ensure_one()
        self._check_can_compute()
        if self.period_type in ("month", "quarter", "year"):
            months = {"month": 1, "quarter": 3, "year": 12}[self.period_type]
            date_from = self.date_from - relativedelta(months=months)
            date_to = self.date_from - timedelta(days=1)
        else:
            date_to = self.date_from - timedelta(days=1)
            date_from = date_to - (self.date_to - self.date_from)
        comparison = self.env["advisory.kpi.comparison"].create(
            {
                "company_id": self.company_id.id,
                "date_from_a": date_from,
                "date_to_a": date_to,
                "date_from_b": self.date_from,
                "date_to_b": self.date_to,
            }
        )
        return comparison.action_compare()

    @api.model
    def action_open_latest_dashboard(self):
        """The KPI cards of the latest snapshot of the current company (the longest
        period among those ending last), or the snapshot list when there is none."""
        latest = self.search(
            [("company_id", "=", self.env.company.id)],
            order="date_to desc, date_from asc, id desc",
            limit=1,
        )
        if not latest:
            return self.env["ir.actions.act_window"]._for_xml_id(
                "advisory_feedback.advisory_kpi_snapshot_action"
            )
        return latest.action_open_dashboard()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _check_can_compute(self):
        if not (
            self.env.su
            or self.env.user.has_group("advisory_client_mgmt.group_advisory_manager")
            or self.env.user.has_group("advisory_client_mgmt.group_advisory_executive")
        ):
            raise AccessError(
                self.env._("Only advisory managers and executives can compute KPIs.")
            )

    @api.model
    def _compute_snapshot(self, company, date_from, date_to):
        """Compute and store the snapshot of ``company`` for the period, replacing
        the existing one; the rights are checked by the caller."""
        # sudo: the KPIs count every record of the company (all clients, contracts,
        # answers, tickets), whatever the record rules of the user computing them
        self = self.sudo().with_company(company)
        Target = self.env["advisory.kpi.target"]
        Target._ensure_targets(company)
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        codes = [code for code, spec in specs.items() if spec["active"]]
        values = self._kpi_values(company, date_from, date_to, codes)
        targets = {
            target.kpi_code: target
            for target in Target.search([("company_id", "=", company.id)])
        }
        period_type = self._period_type(date_from, date_to)
        previous = self.search(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", period_type),
                ("date_to", "<", date_from),
            ],
            order="date_to desc",
            limit=1,
        )
        previous_values = {line.kpi_code: line.value for line in previous.line_ids}
        self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ]
        ).unlink()
        lines = []
        for code in codes:
            numerator, denominator, value = values[code]
            target = targets.get(code)
            target_value = target.target if target else False
            direction = target.direction if target else specs[code]["default_operator"]
            if not denominator:
                value, status = False, "no_data"
            elif target_value is False:
                status = False
            else:
                status = (
                    "met" if target_met(value, target_value, direction) else "missed"
                )
            previous_value = previous_values.get(code, False)
            trend = False
            if value is not False and previous_value is not False:
                trend = (
                    "up"
                    if value > previous_value + 1e-9
                    else "down"
                    if value < previous_value - 1e-9
                    else "flat"
                )
            lines.append(
                Command.create(
                    {
                        "sequence": specs[code]["sequence"],
                        "kpi_code": code,
                        "numerator": numerator,
                        "denominator": denominator or 0.0,
                        "value": value,
                        "target": target_value,
                        "direction": direction,
                        "status": status,
                        "previous_value": previous_value,
                        "trend": trend,
                    }
                )
            )
        vals = {
            "company_id": company.id,
            "date_from": date_from,
            "date_to": date_to,
            "period_type": period_type,
            "computed_on": fields.Datetime.now(),
            "computed_by_id": self.env.uid,
            "line_ids": lines,
        }
        # A computation of the same period running at the same moment: when it
        # replaced an existing snapshot, deleting it above fails with a
        # serialization error that Odoo retries; for a first snapshot, the second
        # insert meets the first one's on the unique key.
        try:
            with self.env.cr.savepoint():
                return self.create(vals)
        except UniqueViolation:
            raise UserError(
                self.env._(
                    "The KPIs of %(start)s – %(end)s were being computed by someone "
                    "else at the same moment; their figures are saved. Reload the "
                    "page to see them.",
                    start=format_date(self.env, date_from),
                    end=format_date(self.env, date_to),
                )
            ) from None

    @api.model
    def _kpi_params(self, company, date_from, date_to):
        return {
            "company": company.id,
            "date_from": date_from,
            "date_to": date_to,
            # datetimes (UTC) of the period: [start of the first day, start of the
            # day after the last one)
            "dt_from": datetime.combine(date_from, time.min),
            "dt_to": datetime.combine(date_to + timedelta(days=1), time.min),
            "prev_from": date_from - relativedelta(years=1),
            "prev_to": date_to - relativedelta(years=1),
        }

    @api.model
    def _kpi_method_name(self, code):
        """The method computing the KPI ``code`` (see ``advisory.kpi.definition``):
        ``_kpi_rows_<code>`` or ``_kpi_compute_<code>``; False when there is none."""
        for prefix in (ROWS_PREFIX, COMPUTE_PREFIX):
            if code and callable(getattr(self, f"{prefix}{code}", None)):
                return f"{prefix}{code}"
        return False

    @api.model
    def _kpi_values(self, company, date_from, date_to, codes=None):
        """The KPIs ``codes`` (the active ones of the registry by default) of the
        company and period: those computed from rows (``_kpi_rows_<code>``) in one
        query, the others by their ``_kpi_compute_<code>`` method.

        :return: ``{kpi_code: (numerator, denominator, value)}``; the value is
            numerator / denominator for the ratios and the averages (the sum of
            the values ÷ the records), the median for the median KPIs
            and numerator / denominator - 1 for the growth KPIs (``False`` when the
            denominator is empty)
        """
        Definition = self.env["advisory.kpi.definition"]
        if codes is None:
            codes = Definition._kpi_active_codes()
        self.env.flush_all()
        params = self._kpi_params(company, date_from, date_to)
        parts, result = [], {}
        for code in codes:
            aggregation = Definition._kpi_spec(code)["aggregation"]
            method = self._kpi_method_name(code)
            if not method:
                raise UserError(
                    self.env._(
                        "The KPI %(code)s cannot be computed: no method %(method)s "
                        "(is the addon that defines it installed?).",
                        code=code,
                        method=f"{ROWS_PREFIX}{code}",
                    )
                )
            if method.startswith(COMPUTE_PREFIX):
                result[code] = getattr(self, method)(company, date_from, date_to)
                continue
            rows = getattr(self, method)(params)
            if aggregation == "median":
                aggregate = SQL(
                    "NULL::float, COUNT(*)::float, "
                    "percentile_cont(0.5) WITHIN GROUP (ORDER BY val)"
                )
            elif aggregation in ("growth", "sum_ratio"):
                aggregate = SQL(
                    "COALESCE(SUM(val) FILTER (WHERE num), 0)::float, "
                    "COALESCE(SUM(val) FILTER (WHERE NOT num), 0)::float, NULL::float"
                )
            elif aggregation == "average":
                aggregate = SQL(
                    "COALESCE(SUM(val), 0)::float, COUNT(*)::float, NULL::float"
                )
            else:
                aggregate = SQL(
                    "(COUNT(*) FILTER (WHERE num))::float, COUNT(*)::float, NULL::float"
                )
            parts.append(SQL("SELECT %s, %s FROM (%s) AS r", code, aggregate, rows))
        if not parts:
            return result
        self.env.cr.execute(SQL(" UNION ALL ").join(parts))
        for code, numerator, denominator, value in self.env.cr.fetchall():
            aggregation = Definition._kpi_spec(code)["aggregation"]
            if aggregation == "median":
                numerator = False
            elif not denominator:
                value = False
            elif aggregation == "growth":
                value = numerator / denominator - 1
            else:
                value = numerator / denominator
            result[code] = (numerator, denominator, value if denominator else False)
        return result

    @api.model
    def _kpi_record_ids(self, code, company, date_from, date_to, numerator):
        """Ids of the records counted in the numerator (or the denominator) of a
        KPI, with the same query that counted them."""
        self.env.flush_all()
        params = self._kpi_params(company, date_from, date_to)
        rows = self._kpi_rows(code, params)
        aggregation = self.env["advisory.kpi.definition"]._kpi_spec(code)["aggregation"]
        if numerator:
            condition = SQL("num")
        elif aggregation in ("growth", "sum_ratio"):
            condition = SQL("NOT num")
        else:
            condition = SQL("TRUE")
        self.env.cr.execute(
            SQL("SELECT id FROM (%s) AS r WHERE %s ORDER BY id", rows, condition)
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _kpi_rows(self, code, params):
        """SQL selecting the records behind a KPI: ``id``, ``num`` (the record
        counts in the numerator) and ``val`` (the value summed or whose median is
        taken, else NULL), from its ``_kpi_rows_<code>`` method."""
        method = getattr(self, f"{ROWS_PREFIX}{code}", None)
        if not callable(method):
            raise UserError(
                self.env._(
                    "The KPI %(code)s has no records to show: it is not computed "
                    "from records (no method %(method)s).",
                    code=code,
                    method=f"{ROWS_PREFIX}{code}",
                )
            )
        return method(params)

    @api.model
    def _kpi_rows_satisfaction_rate(self, p):
        return SQL(
            """
            SELECT ui.id, ui.advisory_score >= %(satisfied)s AS num, NULL::float AS val
              FROM survey_user_input ui
             WHERE ui.advisory_company_id = %(company)s
               AND ui.state = 'done'
               AND ui.end_datetime >= %(dt_from)s AND ui.end_datetime < %(dt_to)s
               AND ui.advisory_score IS NOT NULL
            """,
            satisfied=SATISFIED_SCORE,
            **p,
        )

    @api.model
    def _kpi_rows_repeat_purchase_rate(self, p):
        return SQL(
            """
            SELECT c.partner_id AS id, COUNT(*) >= 2 AS num, NULL::float AS val
              FROM advisory_contract c
              JOIN res_partner p ON p.id = c.partner_id
             WHERE c.company_id = %(company)s
               AND c.state IN %(signed)s
               AND c.signed_date <= %(date_to)s
               AND p.is_advisory_client
             GROUP BY c.partner_id
            """,
            signed=SIGNED_STATES,
            **p,
        )

    @api.model
    def _kpi_sql_state_at(self, company, operator, day):
        """Per partner, its lifecycle state at ``day`` (``operator`` ``<``: before
        the day, ``<=``: at the end of it) from the lifecycle history."""
        return SQL(
            """
            SELECT DISTINCT ON (e.partner_id) e.partner_id, e.new_state
              FROM advisory_lifecycle_event e
             WHERE e.company_id = %s AND e.date %s %s
             ORDER BY e.partner_id, e.date DESC, e.id DESC
            """,
            company,
            SQL(operator),
            day,
        )

    @api.model
    def _kpi_rows_churn_rate(self, p):
        return SQL(
            """
            SELECT s.partner_id AS id,
                   EXISTS (
                       SELECT 1 FROM advisory_lifecycle_event e
                        WHERE e.partner_id = s.partner_id
                          AND e.company_id = %(company)s
                          AND e.date >= %(date_from)s AND e.date <= %(date_to)s
                          AND e.new_state = 'churned'
                   ) AS num,
                   NULL::float AS val
              FROM (%(state_at)s) s
             WHERE s.new_state = 'active'
            """,
            state_at=self._kpi_sql_state_at(p["company"], "<", p["date_from"]),
            **p,
        )

    @api.model
    def _kpi_rows_revenue_growth(self, p):
        return SQL(
            """
            SELECT c.id,
                   c.signed_date >= %(date_from)s AND c.signed_date <= %(date_to)s
                       AS num,
                   COALESCE(c.amount_company_currency, 0)::float AS val
              FROM advisory_contract c
             WHERE c.company_id = %(company)s
               AND c.state IN %(signed)s
               AND (c.signed_date BETWEEN %(date_from)s AND %(date_to)s
                    OR c.signed_date BETWEEN %(prev_from)s AND %(prev_to)s)
            """,
            signed=SIGNED_STATES,
            **p,
        )

    @api.model
    def _kpi_rows_strategic_partner_share(self, p):
        return SQL(
            """
            SELECT s.partner_id AS id,
                   COALESCE(p.strategic_partner
                            AND p.strategic_partner_since <= %(date_to)s, FALSE)
                       AS num,
                   NULL::float AS val
              FROM (%(state_at)s) s
              JOIN res_partner p ON p.id = s.partner_id
             WHERE s.new_state = 'active'
            """,
            state_at=self._kpi_sql_state_at(p["company"], "<=", p["date_to"]),
            **p,
        )

    @api.model
    def _kpi_rows_conversion_rate(self, p):
        # Odoo's crm sets date_closed when a lead reaches a won stage (probability
        # 100) or is archived (lost, probability 0), and clears it when the lead is
        # reopened (probability between 0 and 100, or a stage that is not won)
        return SQL(
            """
            SELECT l.id, COALESCE(l.active AND st.is_won, FALSE) AS num,
                   NULL::float AS val
              FROM crm_lead l
              LEFT JOIN crm_stage st ON st.id = l.stage_id
             WHERE l.company_id = %(company)s
               AND l.date_closed >= %(dt_from)s AND l.date_closed < %(dt_to)s
               AND ((l.active AND st.is_won)
                    OR (NOT l.active AND COALESCE(l.probability, 0) = 0))
            """,
            **p,
        )

    @api.model
    def _kpi_rows_renewal_rate(self, p):
        return SQL(
            """
            SELECT c.id, c.renewal_id IS NOT NULL AS num, NULL::float AS val
              FROM advisory_contract c
             WHERE c.company_id = %(company)s
               AND c.state IN %(renewable)s
               AND c.date_end >= %(date_from)s AND c.date_end <= %(date_to)s
            """,
            renewable=RENEWABLE_STATES,
            **p,
        )

    @api.model
    def _kpi_sql_active_in_period(self, p):
        """Ids (``partner_id``) of the clients active at some time in the period:
        active before it started, or becoming active during it."""
        return SQL(
            """
            SELECT s.partner_id FROM (%(state_at)s) s WHERE s.new_state = 'active'
             UNION
            SELECT e.partner_id
              FROM advisory_lifecycle_event e
             WHERE e.company_id = %(company)s
               AND e.date >= %(date_from)s AND e.date <= %(date_to)s
               AND e.new_state = 'active'
            """,
            state_at=self._kpi_sql_state_at(p["company"], "<", p["date_from"]),
            **p,
        )

    @api.model
    def _kpi_sql_survey_consent(self, p):
        """Condition on ``cp`` (the client's commercial partner): it gave the data
        processing consent (the consent satisfaction surveys need) on or before the
        end of the period."""
        return SQL(
            """
            COALESCE(cp.data_processing_consent
                     AND (cp.data_processing_consent_date IS NULL
                          OR cp.data_processing_consent_date <= %(date_to)s),
                     FALSE)
            """,
            **p,
        )

    @api.model
    def _kpi_rows_survey_coverage(self, p):
        # an invitation sent before the sent date existed counts on its creation day
        return SQL(
            """
            SELECT a.partner_id AS id,
                   EXISTS (
                       SELECT 1 FROM survey_user_input ui
                        WHERE ui.advisory_partner_id = cp.id
                          AND ui.advisory_company_id = %(company)s
                          AND NOT COALESCE(ui.test_entry, FALSE)
                          AND COALESCE(ui.advisory_sent_on, ui.create_date::date)
                              BETWEEN %(date_from)s AND %(date_to)s
                   ) AS num,
                   NULL::float AS val
              FROM (%(active)s) a
              JOIN res_partner p ON p.id = a.partner_id
              JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
             WHERE %(consent)s
            """,
            active=self._kpi_sql_active_in_period(p),
            consent=self._kpi_sql_survey_consent(p),
            **p,
        )

    @api.model
    def _kpi_rows_survey_consent_missing(self, p):
        return SQL(
            """
            SELECT a.partner_id AS id, NOT %(consent)s AS num, NULL::float AS val
              FROM (%(active)s) a
              JOIN res_partner p ON p.id = a.partner_id
              JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
            """,
            active=self._kpi_sql_active_in_period(p),
            consent=self._kpi_sql_survey_consent(p),
            **p,
        )

    @api.model
    def _kpi_rows_feedback_response_hours(self, p):
        return self._kpi_sql_feedback_response(p)

    @api.model
    def _kpi_rows_feedback_response_sla(self, p):
        return self._kpi_sql_feedback_response(p)

    @api.model
    def _kpi_rows_feedback_resolution_hours(self, p):
        return self._kpi_sql_feedback_resolution(p)

    @api.model
    def _kpi_rows_feedback_resolution_sla(self, p):
        return self._kpi_sql_feedback_resolution(p)

    @api.model
    def _kpi_sql_feedback_response(self, p):
        """Feedback tickets acknowledged in the period (response time and SLA)."""
        return SQL(
            """
            SELECT f.id, NOT COALESCE(f.response_breached, FALSE) AS num,
                   f.response_hours AS val
              FROM advisory_feedback f
             WHERE f.company_id = %(company)s
               AND f.acknowledged_on >= %(dt_from)s AND f.acknowledged_on < %(dt_to)s
               AND f.response_hours IS NOT NULL
            """,
            **p,
        )

    @api.model
    def _kpi_sql_feedback_resolution(self, p):
        """Feedback tickets resolved in the period (resolution time and SLA)."""
        return SQL(
            """
            SELECT f.id, NOT COALESCE(f.resolution_breached, FALSE) AS num,
                   f.resolution_hours AS val
              FROM advisory_feedback f
             WHERE f.company_id = %(company)s
               AND f.resolved_on >= %(dt_from)s AND f.resolved_on < %(dt_to)s
               AND f.resolution_hours IS NOT NULL
            """,
            **p,
        )

    @api.model
    def _kpi_rows_lead_to_engagement_days(self, p):
        # the creation of an engagement is its first stage event (state_from
        # empty); an event filled in for an engagement created before the history
        # existed is dated from its last change when it was no longer a draft:
        # its creation date then
        return SQL(
            """
            SELECT g.id, TRUE AS num,
                   EXTRACT(EPOCH FROM (
                       CASE WHEN e.state_to = 'draft' THEN e.date
                            ELSE g.create_date END - l.create_date)) / 86400.0
                       AS val
              FROM advisory_stage_event e
              JOIN advisory_engagement g ON g.id = e.res_id
              JOIN crm_lead l ON l.id = g.lead_id
             WHERE e.res_model = 'advisory.engagement'
               AND e.state_from IS NULL
               AND e.company_id = %(company)s
               AND e.date >= %(dt_from)s AND e.date < %(dt_to)s
            """,
            **p,
        )

    @api.model
    def _kpi_rows_proposal_review_hours(self, p):
        # rejected in review: back to draft
        return self._kpi_sql_stage_time(
            p, "advisory.proposal", "to_review", ("approved", "draft"), 3600.0
        )

    @api.model
    def _kpi_rows_contract_approval_hours(self, p):
        return self._kpi_sql_stage_time(
            p, "advisory.contract", "to_approve", ("approved",), 3600.0
        )

    @api.model
    def _kpi_rows_time_to_sign_days(self, p):
        return self._kpi_sql_stage_time(
            p, "advisory.contract", "approved", ("signed",), 86400.0
        )

    @api.model
    def _kpi_sql_stage_time(self, p, model, state, next_states, seconds):
        """Documents of ``model`` that left ``state`` for one of ``next_states``
        during the period (stage history): ``val`` is the time they spent in
        ``state`` (from the previous event of the document, the one that entered
        it, to this one), in units of ``seconds``. A document that went through
        the state twice in the period counts twice."""
        return SQL(
            """
            SELECT t.res_id AS id, TRUE AS num,
                   EXTRACT(EPOCH FROM (t.date - t.entered)) / %(seconds)s AS val
              FROM (SELECT e.res_id, e.company_id, e.state_from, e.state_to, e.date,
                           LAG(e.date) OVER (PARTITION BY e.res_id
                                             ORDER BY e.date, e.id) AS entered
                      FROM advisory_stage_event e
                     WHERE e.res_model = %(model)s
                       AND e.res_id IN (
                           SELECT l.res_id FROM advisory_stage_event l
                            WHERE l.res_model = %(model)s
                              AND l.company_id = %(company)s
                              AND l.state_from = %(state)s
                              AND l.date >= %(dt_from)s AND l.date < %(dt_to)s))
                   AS t
             WHERE t.company_id = %(company)s
               AND t.state_from = %(state)s
               AND t.state_to IN %(next_states)s
               AND t.date >= %(dt_from)s AND t.date < %(dt_to)s
               AND t.entered IS NOT NULL
            """,
            model=model,
            state=state,
            next_states=tuple(next_states),
            seconds=seconds,
            **p,
        )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_periods(self, today):
        """The periods the cron computes on ``today``: the month and the quarter
        that ended last, and the previous year in January."""
        month_start = today.replace(day=1)
        quarter_start = month_start - relativedelta(months=(month_start.month - 1) % 3)
        periods = [
            (month_start - relativedelta(months=1), month_start - timedelta(days=1)),
            (
                quarter_start - relativedelta(months=3),
                quarter_start - timedelta(days=1),
            ),
        ]
        if today.month == 1:
            periods.append(
                (
                    today.replace(year=today.year - 1, month=1, day=1),
                    today.replace(year=today.year - 1, month=12, day=31),
                )
            )
        return periods

    @api.model
    def _cron_compute_snapshots(self):
        """Compute the snapshots of the periods that just ended (see
        :meth:`_cron_periods`) for every company that has none yet. Idempotent: a
        period already computed is left alone."""
        today = fields.Date.context_today(self)
        periods = self._cron_periods(today)
        companies = self.env["res.company"].search(self._get_cron_company_domain())
        existing = {
            (company.id, date_from, date_to)
            # sudo: the snapshots of every company, whatever the cron user's rules
            for company, date_from, date_to in self.sudo()._read_group(
                [("company_id", "in", companies.ids)],
                ["company_id", "date_from:day", "date_to:day"],
            )
        }
        todo = {
            company: [
                (date_from, date_to)
                for date_from, date_to in periods
                if (company.id, date_from, date_to) not in existing
            ]
            for company in companies
        }

        def compute(company):
            for date_from, date_to in todo[company]:
                self._compute_snapshot(company, date_from, date_to)

        # a company computed is kept if a later one fails; the next run only
        # computes the missing snapshots (idempotent)
        self._run_batches([company for company in companies if todo[company]], compute)
