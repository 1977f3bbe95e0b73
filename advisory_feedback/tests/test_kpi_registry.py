"""The KPI registry (advisory.kpi.definition): the KPIs computed from it give the
numbers the former code tables gave on the fixture; a KPI is one record plus one
method; codes outside the registry are refused; the registry's rights."""

from datetime import date
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .kpi_common import Q2, KpiCase

# Recorded with the code before the registry (code tables KPI_CODES, HOUR_KPIS,
# MEDIAN_KPIS, SUM_KPIS, KPI_MODELS, DEFAULT_TARGETS...) on the fixture of
# kpi_common, the periods computed in this order: per KPI (numerator, denominator,
# value, status, trend, (records counted, records measured on)).
# the process KPIs added after the code tables (advisory_feedback and the bridge
# advisory_risk_feedback; tested in test_kpi_process and test_kpi_alerts)
PROCESS_KPIS = {
    "lead_to_engagement_days",
    "proposal_review_hours",
    "contract_approval_hours",
    "time_to_sign_days",
    "alert_handling_hours",
    "risk_event_rate",
}
RECORDED = {
    (date(2024, 1, 1), date(2024, 3, 31)): {
        "satisfaction_rate": (1.0, 1.0, 1.0, "met", False, (1, 1)),
        "repeat_purchase_rate": (0.0, 3.0, 0.0, "missed", False, (0, 3)),
        "churn_rate": (0.0, 3.0, 0.0, "met", False, (0, 3)),
        "revenue_growth": (40.0, 0.0, False, "no_data", False, (1, 0)),
        "strategic_partner_share": (1.0, 2.0, 0.5, "met", False, (1, 2)),
        "conversion_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "renewal_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "survey_coverage": (1.0, 2.0, 0.5, False, False, (1, 2)),
        "survey_consent_missing": (1.0, 3.0, 0.333333333, False, False, (1, 3)),
        "feedback_response_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_response_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
    },
    (date(2024, 4, 1), date(2024, 6, 30)): {
        "satisfaction_rate": (2.0, 4.0, 0.5, "missed", "down", (2, 4)),
        "repeat_purchase_rate": (1.0, 3.0, 0.333333333, "missed", "up", (1, 3)),
        "churn_rate": (1.0, 2.0, 0.5, "missed", "up", (1, 2)),
        "revenue_growth": (150.0, 100.0, 0.5, "met", False, (1, 1)),
        "strategic_partner_share": (1.0, 2.0, 0.5, "met", "flat", (1, 2)),
        "conversion_rate": (2.0, 3.0, 0.666666667, False, False, (2, 3)),
        "renewal_rate": (1.0, 2.0, 0.5, False, False, (1, 2)),
        "survey_coverage": (1.0, 1.0, 1.0, False, "up", (1, 1)),
        "survey_consent_missing": (2.0, 3.0, 0.666666667, False, "up", (2, 3)),
        "feedback_response_hours": (False, 5.0, 5.0, False, False, (3, 5)),
        "feedback_response_sla": (3.0, 5.0, 0.6, False, False, (3, 5)),
        "feedback_resolution_hours": (False, 2.0, 48.0, False, False, (2, 2)),
        "feedback_resolution_sla": (2.0, 2.0, 1.0, False, False, (2, 2)),
    },
    (date(2024, 5, 1), date(2024, 5, 31)): {
        "satisfaction_rate": (1.0, 1.0, 1.0, "met", False, (1, 1)),
        "repeat_purchase_rate": (1.0, 3.0, 0.333333333, "missed", False, (1, 3)),
        "churn_rate": (1.0, 3.0, 0.333333333, "missed", False, (1, 3)),
        "revenue_growth": (150.0, 100.0, 0.5, "met", False, (1, 1)),
        "strategic_partner_share": (1.0, 2.0, 0.5, "met", False, (1, 2)),
        "conversion_rate": (1.0, 1.0, 1.0, False, False, (1, 1)),
        "renewal_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "survey_coverage": (1.0, 1.0, 1.0, False, False, (1, 1)),
        "survey_consent_missing": (2.0, 3.0, 0.666666667, False, False, (2, 3)),
        "feedback_response_hours": (False, 2.0, 14.5, False, False, (1, 2)),
        "feedback_response_sla": (1.0, 2.0, 0.5, False, False, (1, 2)),
        "feedback_resolution_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
    },
    (date(2024, 1, 1), date(2024, 12, 31)): {
        "satisfaction_rate": (4.0, 6.0, 0.666666667, "missed", False, (4, 6)),
        "repeat_purchase_rate": (2.0, 3.0, 0.666666667, "met", False, (2, 3)),
        "churn_rate": (1.0, 3.0, 0.333333333, "missed", False, (1, 3)),
        "revenue_growth": (250.0, 100.0, 1.5, "met", False, (3, 1)),
        "strategic_partner_share": (2.0, 2.0, 1.0, "met", False, (2, 2)),
        "conversion_rate": (2.0, 4.0, 0.5, False, False, (2, 4)),
        "renewal_rate": (1.0, 3.0, 0.333333333, False, False, (1, 3)),
        "survey_coverage": (2.0, 3.0, 0.666666667, False, False, (2, 3)),
        "survey_consent_missing": (1.0, 4.0, 0.25, False, False, (1, 4)),
        "feedback_response_hours": (False, 5.0, 5.0, False, False, (3, 5)),
        "feedback_response_sla": (3.0, 5.0, 0.6, False, False, (3, 5)),
        "feedback_resolution_hours": (False, 3.0, 48.0, False, False, (2, 3)),
        "feedback_resolution_sla": (2.0, 3.0, 0.666666667, False, False, (2, 3)),
    },
    (date(2021, 1, 1), date(2021, 3, 31)): {
        "satisfaction_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "repeat_purchase_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "churn_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "revenue_growth": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "strategic_partner_share": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "conversion_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "renewal_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "survey_coverage": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "survey_consent_missing": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "feedback_response_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_response_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
    },
    (date(2022, 1, 1), date(2022, 12, 31)): {
        "satisfaction_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "repeat_purchase_rate": (0.0, 1.0, 0.0, "missed", False, (0, 1)),
        "churn_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "revenue_growth": (80.0, 0.0, False, "no_data", False, (1, 0)),
        "strategic_partner_share": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "conversion_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "renewal_rate": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "survey_coverage": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "survey_consent_missing": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "feedback_response_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_response_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_hours": (False, 0.0, False, "no_data", False, (0, 0)),
        "feedback_resolution_sla": (0.0, 0.0, False, "no_data", False, (0, 0)),
    },
    (date(2024, 2, 15), date(2024, 8, 15)): {
        "satisfaction_rate": (3.0, 5.0, 0.6, "missed", False, (3, 5)),
        "repeat_purchase_rate": (2.0, 3.0, 0.666666667, "met", False, (2, 3)),
        "churn_rate": (1.0, 3.0, 0.333333333, "missed", False, (1, 3)),
        "revenue_growth": (210.0, 100.0, 1.1, "met", False, (2, 1)),
        "strategic_partner_share": (2.0, 2.0, 1.0, "met", False, (2, 2)),
        "conversion_rate": (2.0, 4.0, 0.5, False, False, (2, 4)),
        "renewal_rate": (1.0, 2.0, 0.5, False, False, (1, 2)),
        "survey_coverage": (1.0, 3.0, 0.333333333, False, False, (1, 3)),
        "survey_consent_missing": (1.0, 4.0, 0.25, False, False, (1, 4)),
        "feedback_response_hours": (False, 5.0, 5.0, False, False, (3, 5)),
        "feedback_response_sla": (3.0, 5.0, 0.6, False, False, (3, 5)),
        "feedback_resolution_hours": (False, 3.0, 48.0, False, False, (2, 3)),
        "feedback_resolution_sla": (2.0, 3.0, 0.666666667, False, False, (2, 3)),
    },
}

# the cards of Q2 2024: (sequence, unit, value shown, target shown, direction)
RECORDED_Q2_CARDS = {
    "satisfaction_rate": (0, "percent", "50.0 %", "≥ 90.0 %", ">="),
    "repeat_purchase_rate": (1, "percent", "33.3 %", "≥ 50.0 %", ">="),
    "churn_rate": (2, "percent", "50.0 %", "< 5.0 %", "<"),
    "revenue_growth": (3, "percent", "50.0 %", "≥ 10.0 %", ">="),
    "strategic_partner_share": (4, "percent", "50.0 %", "≥ 30.0 %", ">="),
    "conversion_rate": (5, "percent", "66.7 %", "No target", ">="),
    "renewal_rate": (6, "percent", "50.0 %", "No target", ">="),
    "survey_coverage": (7, "percent", "100.0 %", "No target", ">="),
    "survey_consent_missing": (8, "percent", "66.7 %", "No target", "<="),
    "feedback_response_hours": (9, "hours", "5.0 h", "No target", "<="),
    "feedback_response_sla": (10, "percent", "60.0 %", "No target", ">="),
    "feedback_resolution_hours": (11, "hours", "48.0 h", "No target", "<="),
    "feedback_resolution_sla": (12, "percent", "100.0 %", "No target", ">="),
}

# the other company's Q2 2024: (numerator, denominator, value, status)
RECORDED_OTHER_Q2 = {
    "satisfaction_rate": (1.0, 1.0, 1.0, "met"),
    "repeat_purchase_rate": (0.0, 0.0, False, "no_data"),
    "churn_rate": (1.0, 1.0, 1.0, "missed"),
    "revenue_growth": (0.0, 0.0, False, "no_data"),
    "strategic_partner_share": (0.0, 0.0, False, "no_data"),
    "conversion_rate": (1.0, 1.0, 1.0, False),
    "renewal_rate": (0.0, 0.0, False, "no_data"),
    "survey_coverage": (0.0, 0.0, False, "no_data"),
    "survey_consent_missing": (1.0, 1.0, 1.0, False),
    "feedback_response_hours": (False, 1.0, 1.0, False),
    "feedback_response_sla": (1.0, 1.0, 1.0, False),
    "feedback_resolution_hours": (False, 0.0, False, "no_data"),
    "feedback_resolution_sla": (0.0, 0.0, False, "no_data"),
}


def _rows_open_tickets(self, p):
    """A KPI of another addon, by convention: the tickets of the company received
    in the period, counted when they have no resolution yet."""
    return SQL(
        """
        SELECT f.id, f.resolved_on IS NULL AS num, NULL::float AS val
          FROM advisory_feedback f
         WHERE f.company_id = %(company)s
           AND f.date_received >= %(dt_from)s AND f.date_received < %(dt_to)s
        """,
        **p,
    )


def _compute_answer_days(self, company, date_from, date_to):
    """A KPI computed in Python (no rows): (numerator, denominator, value)."""
    return (False, 3.0, 2.5)


@tagged("post_install", "-at_install")
class TestKpiRegistry(KpiCase):
    def _definition(self, code, **vals):
        # superuser: a KPI is shipped as data by the addon defining it
        return (
            self.env["advisory.kpi.definition"]
            .sudo()
            .create(
                {
                    "code": code,
                    "name": code.replace("_", " ").title(),
                    "res_model": "advisory.feedback",
                    **vals,
                }
            )
        )

    def test_same_values_as_the_code_tables(self):
        """Every KPI of the registry reproduces the values, statuses, trends and
        drill-downs recorded from the former code tables, period after period."""
        Definition = self.env["advisory.kpi.definition"]
        codes = Definition.search([]).mapped("code")
        # the former code tables' KPIs first, then the process KPIs added since
        self.assertEqual(
            codes[: len(RECORDED[Q2])], list(RECORDED[Q2]), "registry order"
        )
        self.assertLessEqual(set(codes[len(RECORDED[Q2]) :]), PROCESS_KPIS)
        for period, expected in RECORDED.items():
            lines = self.lines_by_code(self.compute(period))
            self.assertLessEqual(set(expected), set(lines))
            self.assertLessEqual(set(lines) - set(expected), PROCESS_KPIS)
            for code, (num, den, value, status, trend, drill) in expected.items():
                line = lines[code]
                with self.subTest(period=period, kpi=code):
                    if num is False:
                        self.assertIs(line.numerator, False)
                    else:
                        self.assertAlmostEqual(line.numerator, num)
                    self.assertAlmostEqual(line.denominator, den)
                    if value is False:
                        self.assertIs(line.value, False)
                    else:
                        self.assertAlmostEqual(line.value, value)
                    self.assertEqual(line.status, status)
                    self.assertEqual(line.trend, trend)
                    self.assertEqual(
                        (
                            len(line._kpi_record_ids(True)),
                            len(line._kpi_record_ids(False)),
                        ),
                        drill,
                    )
        lines = self.lines_by_code(self.compute(Q2))
        for code, (
            sequence,
            unit,
            shown,
            target,
            direction,
        ) in RECORDED_Q2_CARDS.items():
            line = lines[code]
            with self.subTest(card=code):
                self.assertEqual(
                    (
                        line.sequence,
                        line.unit,
                        line.value_display,
                        line.target_display,
                        line.direction,
                    ),
                    (sequence, unit, shown, target, direction),
                )
                self.assertEqual(line.kpi_definition_id.code, code)
                self.assertEqual(line.name, line.kpi_definition_id.name)
                self.assertEqual(line.description, line.kpi_definition_id.description)
        other = self.lines_by_code(
            self.env["advisory.kpi.snapshot"]
            .sudo()
            ._compute_snapshot(self.other_company, *Q2)
        )
        for code, (num, den, value, status) in RECORDED_OTHER_Q2.items():
            with self.subTest(company="other", kpi=code):
                line = other[code]
                self.assertEqual(
                    (line.numerator, line.denominator, line.status),
                    (num, den, status),
                )
                if value is not False:
                    self.assertAlmostEqual(line.value, value)

    def test_query_count_budget(self):
        """Reading the registry costs no query per snapshot (it is cached): the
        snapshot of a period is computed in 31 queries, as before the registry, plus
        the savepoint that guards against a computation of the same period at the
        same moment (2)."""
        self.compute(Q2)  # warm-up (targets, caches)
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.compute(Q2)
        self.env.flush_all()
        self.assertEqual(self.cr.sql_log_count - start, 33)

    def test_new_kpi_is_a_record_and_a_method(self):
        """An addon adds a KPI with one definition and one method named after its
        code: it is computed with the others, gets its target, label, unit and
        drill-down from the registry, and its codes are accepted."""
        before = self.kpi_count()
        Snapshot = type(self.env["advisory.kpi.snapshot"])
        with (
            patch.object(
                Snapshot, "_kpi_rows_open_tickets", _rows_open_tickets, create=True
            ),
            patch.object(
                Snapshot, "_kpi_compute_answer_days", _compute_answer_days, create=True
            ),
        ):
            tickets = self._definition(
                "open_tickets",
                name="Open Tickets",
                unit="percent",
                direction="lower",
                default_target=0.25,
                sequence=200,
                description="Tickets received in the period and not resolved yet.",
            )
            days = self._definition(
                "answer_days",
                unit="days",
                direction="lower",
                aggregation="median",
                drilldown="none",
                sequence=210,
            )
            self.assertEqual(tickets.default_operator, "<=")
            self.assertEqual(tickets.compute_method, "_kpi_rows_open_tickets")
            self.assertEqual(days.compute_method, "_kpi_compute_answer_days")
            snapshot = self.compute(Q2)
            lines = self.lines_by_code(snapshot)
            self.assertEqual(len(lines), before + 2)
            line = lines["open_tickets"]
            received = self.env["advisory.feedback"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("date_received", ">=", "2024-04-01"),
                    ("date_received", "<", "2024-07-01"),
                ]
            )
            self.assertTrue(received)
            self.assertEqual(line.denominator, len(received))
            self.assertEqual(
                line.numerator, len(received.filtered(lambda f: not f.resolved_on))
            )
            self.assertEqual((line.target, line.direction), (0.25, "<="))
            self.assertEqual(line.name, "Open Tickets")
            others = [
                other.sequence
                for code, other in lines.items()
                if code not in ("open_tickets", "answer_days")
            ]
            self.assertGreater(line.sequence, max(others))  # after the others
            action = line.with_user(self.manager).action_open_denominator()
            self.assertEqual(action["res_model"], "advisory.feedback")
            self.assertEqual(
                self.env["advisory.feedback"].search(action["domain"]), received
            )
            line = lines["answer_days"]
            self.assertEqual((line.denominator, line.value), (3.0, 2.5))
            self.assertEqual(line.value_display, "2.5 d")
            self.assertFalse(line.has_numerator)
            with self.assertRaisesRegex(UserError, "no records to open"):
                line.with_user(self.manager).action_open_denominator()
            # the code is accepted in a target (created for the company)
            target = self.env["advisory.kpi.target"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("kpi_code", "=", "open_tickets"),
                ]
            )
            self.assertEqual((target.target, target.direction), (0.25, "<="))
            self.assertEqual(target.unit, "percent")
        # the addon is gone (its method with it): computing says which KPI is
        # missing, instead of a traceback
        with self.assertRaisesRegex(UserError, "open_tickets cannot be computed"):
            self.compute(Q2)

    def test_definition_without_method(self):
        with self.assertRaisesRegex(ValidationError, "no computing method"):
            self._definition("nowhere_rate")
        with self.assertRaisesRegex(ValidationError, "not a model"):
            self._definition("churn_rate_copy", res_model="no.such.model")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._definition("churn_rate", res_model="res.partner")

    def test_codes_outside_the_registry_refused(self):
        target = self.env["advisory.kpi.target"].search(
            [("company_id", "=", self.company.id), ("kpi_code", "=", "churn_rate")]
        )
        with self.assertRaisesRegex(ValidationError, "not a valid value for KPI"):
            target.with_user(self.manager).write({"kpi_code": "happiness_rate"})
        with self.assertRaisesRegex(ValidationError, "not a valid value for KPI"):
            self.env["advisory.kpi.target"].sudo().create(
                {"company_id": self.company.id, "kpi_code": "happiness_rate"}
            )
        self.assertEqual(target.kpi_code, "churn_rate")

    def test_rights(self):
        """Advisors read the registry; managers rename KPIs and change their
        default targets; nobody changes a code or the way a KPI is computed."""
        churn = self.env.ref("advisory_feedback.advisory_kpi_definition_churn_rate")
        self.assertEqual(
            churn.with_user(self.advisor).read(["name", "unit"])[0]["unit"], "percent"
        )
        with self.assertRaises(AccessError):
            churn.with_user(self.advisor).write({"name": "Lost Clients"})
        with self.assertRaises(AccessError):
            churn.with_user(self.executive).write({"name": "Lost Clients"})
        churn.with_user(self.manager).write(
            {"name": "Lost Clients", "default_target": 0.04}
        )
        Definition = self.env["advisory.kpi.definition"].with_user(self.manager)
        with self.assertRaises(AccessError):
            Definition.check_access("create")
        with self.assertRaises(AccessError):
            churn.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            churn.with_user(self.manager).write({"code": "lost_clients"})
        with self.assertRaises(UserError):
            churn.with_user(self.manager).write({"aggregation": "median"})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            churn.sudo().write({"code": "lost_clients"})
        self.assertEqual((churn.code, churn.aggregation), ("churn_rate", "ratio"))
        # the new name is the KPI's label everywhere
        line = self.lines_by_code(self.compute(Q2))["churn_rate"]
        self.assertEqual(line.name, "Lost Clients")
        labels = dict(
            line._fields["kpi_code"]._description_selection(
                line.with_user(self.advisor).env
            )
        )
        self.assertEqual(labels["churn_rate"], "Lost Clients")

    def test_archived_kpi(self):
        """An archived KPI is no longer computed; its past values and target stay
        readable with its label."""
        first = self.compute((date(2024, 1, 1), date(2024, 3, 31)))
        before = self.kpi_count()
        renewal = self.env.ref("advisory_feedback.advisory_kpi_definition_renewal_rate")
        renewal.with_user(self.manager).write({"active": False})
        lines = self.lines_by_code(self.compute(Q2))
        self.assertNotIn("renewal_rate", lines)
        self.assertEqual(len(lines), before - 1)
        old = self.lines_by_code(first)["renewal_rate"]
        self.assertEqual(old.name, "Renewal Rate")
        self.assertTrue(
            self.env["advisory.kpi.target"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("kpi_code", "=", "renewal_rate"),
                ]
            )
        )
        with self.assertRaisesRegex(UserError, "archive them instead"):
            renewal.sudo().unlink()
