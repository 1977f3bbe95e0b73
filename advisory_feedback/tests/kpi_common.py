"""A fixture data set for the KPI engine, in a company of its own (the demo data
of the main company does not count), with every numerator and denominator of
Q2 2024 and of the year 2024 worked out by hand in :data:`EXPECTED`."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from .period_common import PeriodFixtureCase

Q2 = (date(2024, 4, 1), date(2024, 6, 30))
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
# nothing happened then: every KPI has no data
EMPTY = (date(2021, 1, 1), date(2021, 3, 31))

# (numerator, denominator, value) per KPI and period, computed by hand from the
# fixture below (see the comments there)
EXPECTED = {
    Q2: {
        "satisfaction_rate": (2, 4, 0.5),
        "repeat_purchase_rate": (1, 3, 1 / 3),
        "churn_rate": (1, 2, 0.5),
        "revenue_growth": (150, 100, 0.5),
        "strategic_partner_share": (1, 2, 0.5),
        "conversion_rate": (2, 3, 2 / 3),
        "renewal_rate": (1, 2, 0.5),
        "survey_coverage": (1, 1, 1.0),
        "survey_consent_missing": (2, 3, 2 / 3),
        "feedback_response_hours": (False, 5, 5.0),
        "feedback_response_sla": (3, 5, 0.6),
        "feedback_resolution_hours": (False, 2, 48.0),
        "feedback_resolution_sla": (2, 2, 1.0),
        # the fixture's documents were created in their states (no stage change
        # dated in 2024): see test_kpi_process for these
        "lead_to_engagement_days": (False, 0, False),
        "proposal_review_hours": (False, 0, False),
        "contract_approval_hours": (False, 0, False),
        "time_to_sign_days": (False, 0, False),
    },
    YEAR: {
        "satisfaction_rate": (4, 6, 4 / 6),
        "repeat_purchase_rate": (2, 3, 2 / 3),
        "churn_rate": (1, 3, 1 / 3),
        "revenue_growth": (250, 100, 1.5),
        "strategic_partner_share": (2, 2, 1.0),
        "conversion_rate": (2, 4, 0.5),
        "renewal_rate": (1, 3, 1 / 3),
        "survey_coverage": (2, 3, 2 / 3),
        "survey_consent_missing": (1, 4, 0.25),
        "feedback_response_hours": (False, 5, 5.0),
        "feedback_response_sla": (3, 5, 0.6),
        "feedback_resolution_hours": (False, 3, 48.0),
        "feedback_resolution_sla": (2, 3, 2 / 3),
        "lead_to_engagement_days": (False, 0, False),
        "proposal_review_hours": (False, 0, False),
        "contract_approval_hours": (False, 0, False),
        "time_to_sign_days": (False, 0, False),
    },
}


class KpiCase(PeriodFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fixture measures the KPIs of this addon: those other addons add to
        # the registry (bridges) are tested by their addons (archived here: the
        # demo snapshots may hold their values)
        own = cls.env["ir.model.data"].search(
            [
                ("model", "=", "advisory.kpi.definition"),
                ("module", "=", "advisory_feedback"),
            ]
        )
        cls.env["advisory.kpi.definition"].search(
            [("id", "not in", own.mapped("res_id"))]
        ).active = False
        cls._use_own_company("KPI Advisory Co")
        cls.other_company = cls.env["res.company"].create({"name": "KPI Other Co"})
        user_vals = {
            "company_id": cls.company.id,
            "company_ids": [Command.set([cls.company.id])],
        }
        cls.manager = new_test_user(
            cls.env,
            login="kpi_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
            **user_vals,
        )
        cls.executive = new_test_user(
            cls.env,
            login="kpi_executive",
            groups="advisory_client_mgmt.group_advisory_executive",
            **user_vals,
        )
        cls.advisor = new_test_user(
            cls.env,
            login="kpi_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
            **user_vals,
        )
        cls.employee = new_test_user(
            cls.env, login="kpi_employee", groups="base.group_user", **user_vals
        )
        cls._create_fixture()

    # ------------------------------------------------------------------
    # Fixture
    # ------------------------------------------------------------------

    @classmethod
    def _create_fixture(cls):
        cls._create_surveys()
        cls._create_contracts()
        cls._create_lifecycles()
        cls._create_survey_rounds()
        cls._create_leads()
        cls._create_tickets()

    @classmethod
    def _create_surveys(cls):
        survey = cls.env["survey.survey"].create({"title": "KPI CSAT"})
        respondent = cls._client("Survey Respondent")

        def answer(end, score, state="done", company=None):
            return cls._answer(
                survey, respondent, end, score, company=company, state=state
            )

        # Q2: 95 and 80 (the threshold itself) are satisfied, 79.9 and 50 are not
        cls.answer_95 = answer(datetime(2024, 5, 1, 9), 95.0)
        cls.answer_80 = answer(datetime(2024, 6, 30, 23, 30), 80.0)
        cls.answer_79 = answer(datetime(2024, 4, 1, 0, 0), 79.9)
        cls.answer_50 = answer(datetime(2024, 4, 15, 12), 50.0)
        # not counted: no satisfaction score, not finished, another company
        answer(datetime(2024, 5, 2), False)
        answer(datetime(2024, 5, 3), 100.0, state="in_progress")
        answer(datetime(2024, 5, 4), 100.0, company=cls.other_company)
        # the rest of the year: 90 (1 July 00:00 is Q3) and 85, both satisfied
        answer(datetime(2024, 7, 1, 0, 0), 90.0)
        answer(datetime(2024, 2, 10), 85.0)

    @classmethod
    def _create_contracts(cls):
        cls.p1 = cls._client("Repeat Client")
        cls.p2 = cls._client("Second Year Client")
        cls.p3 = cls._client("One Contract Client")
        Engagement = cls.env["advisory.engagement"].sudo()
        engagements = {
            partner: Engagement.create(
                {"partner_id": partner.id, "company_id": cls.company.id}
            )
            for partner in (cls.p1, cls.p2, cls.p3)
        }

        def contract(partner, *args, **values):
            return cls._contract(engagements[partner], *args, **values)

        # repeat purchases: p1 has two signed contracts by Q2 2024; p2 its second
        # in August 2024 (repeat at the end of the year only); p3 one (the draft
        # does not count). Revenue: Q2 2024 = 150 (c2) vs Q2 2023 = 100 (c1); the
        # year 2024 = 150 + 60 + 40 vs 2023 = 100.
        cls.c1 = contract(
            cls.p1, "signed", date(2023, 5, 1), 100, date(2023, 5, 1), date(2024, 6, 15)
        )
        cls.c2 = contract(
            cls.p1,
            "active",
            date(2024, 5, 10),
            150,
            date(2024, 5, 10),
            date(2025, 5, 9),
        )
        cls.c3 = contract(
            cls.p2,
            "expired",
            date(2022, 1, 10),
            80,
            date(2022, 1, 10),
            date(2024, 4, 30),
        )
        cls.c4 = contract(
            cls.p2, "signed", date(2024, 8, 1), 60, date(2024, 8, 1), date(2024, 12, 31)
        )
        cls.c5 = contract(
            cls.p3,
            "terminated",
            date(2024, 2, 1),
            40,
            date(2024, 2, 1),
            date(2024, 5, 31),
        )
        cls.c6 = contract(
            cls.p3, "draft", False, 999, date(2024, 6, 1), date(2024, 6, 30)
        )
        # renewals: of the signed / active / expired contracts ending in Q2 (c1,
        # c3; c5 is terminated) c3 is renewed; the year adds c4, not renewed
        cls.c7 = contract(
            cls.p2,
            "draft",
            False,
            80,
            date(2024, 5, 1),
            date(2025, 4, 30),
            renewed_from_id=cls.c3.id,
        )

    @classmethod
    def _create_lifecycles(cls):
        # active at the start of Q2 and of 2024, churned in May: churns in both
        cls.l1 = cls._client(
            "Churning Client", [("2023-06-01", "active"), ("2024-05-15", "churned")]
        )
        # active all along, strategic partner since 2023
        cls.l2 = cls._client("Strategic Client", [("2023-01-10", "active")])
        cls.l2.write(
            {"strategic_partner": True, "strategic_partner_since": "2023-01-01"}
        )
        # active from the first day of Q2 (not active *before* it), strategic
        # partner from July: strategic at the end of the year only
        cls.l3 = cls._client("New Client", [("2024-04-01", "active")])
        cls.l3.write(
            {"strategic_partner": True, "strategic_partner_since": "2024-07-01"}
        )
        # dormant since March 2024: active at the start of the year only
        cls.l4 = cls._client(
            "Dormant Client", [("2023-03-01", "active"), ("2024-03-01", "dormant")]
        )
        # churned on the last day of 2023: in no period's population
        cls.l5 = cls._client(
            "Lost Client", [("2023-02-01", "active"), ("2023-12-31", "churned")]
        )
        # another company's client
        cls._client(
            "Other Company Client",
            [("2023-02-01", "active"), ("2024-05-01", "churned")],
            company=cls.other_company,
        )

    @classmethod
    def _create_survey_rounds(cls):
        # the data processing consent (satisfaction surveys): l2 and l4 since
        # 2023, l3 from July 2024 (after Q2: without it at the end of Q2), l1
        # never. Active in Q2: l1, l2, l3 -> coverage measured on l2, l1 and l3
        # without consent; in 2024 also l4 -> measured on l2, l3, l4, l1 without.
        for partner, since in (
            (cls.l1, False),
            (cls.l2, "2023-01-10"),
            (cls.l3, "2024-07-01"),
            (cls.l4, "2023-03-01"),
        ):
            partner.write(
                {
                    "email": f"{partner.name.lower().replace(' ', '.')}@example.com",
                    "data_processing_consent": bool(since),
                    "data_processing_consent_date": since,
                }
            )
        # the surveys the system sent (and dated): l2 in May, l4 in February;
        # l1, without consent, gets none although it is in the round
        Partner = cls.env["res.partner"].with_company(cls.company)
        for day, clients in (("2024-05-10", cls.l1 | cls.l2), ("2024-02-12", cls.l4)):
            with freeze_time(day):
                Partner.browse(clients.ids)._advisory_send_surveys()

    @classmethod
    def _create_leads(cls):
        Lead = cls.env["crm.lead"].sudo()
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)

        def lead(name, closed, won, company=None):
            vals = {
                "name": name,
                "type": "opportunity",
                "company_id": (company or cls.company).id,
                "user_id": False,
                "team_id": False,
            }
            if won:
                vals["stage_id"] = won_stage.id
            record = Lead.create(vals)
            if not won:
                record.action_set_lost()
            record.write({"date_closed": closed})
            return record

        # Q2: won W1, W2, lost X1; the year adds lost X2
        cls.w1 = lead("W1", datetime(2024, 5, 1, 10), True)
        cls.w2 = lead("W2", datetime(2024, 6, 30, 23, 59), True)
        cls.x1 = lead("X1", datetime(2024, 4, 2), False)
        cls.x2 = lead("X2", datetime(2024, 8, 1), False)
        # not counted: open, another company
        Lead.create(
            {"name": "Open", "type": "opportunity", "company_id": cls.company.id}
        )
        lead("W3", datetime(2024, 5, 1), True, company=cls.other_company)

    @classmethod
    def _create_tickets(cls):
        client = cls._client("Ticket Client")

        def ticket(*args, **values):
            return cls._ticket(client, *args, **values)

        # acknowledged in Q2: 2 h (in time), 24 h (late), 3 h (in time), 6 h
        # (late), 5 h (no deadline: in time) -> median 5 h, 3 of 5 in time.
        # Resolved in Q2: T1 and T4 after 48 h, in time; in the year also T2,
        # after 1488 h, late.
        cls.t1 = ticket(
            datetime(2024, 4, 1, 8),
            datetime(2024, 4, 1, 10),
            datetime(2024, 4, 1, 12),
            datetime(2024, 4, 3, 8),
            datetime(2024, 4, 5, 8),
        )
        cls.t2 = ticket(
            datetime(2024, 5, 1, 8),
            datetime(2024, 5, 2, 8),
            datetime(2024, 5, 1, 16),
            datetime(2024, 7, 2, 8),
            datetime(2024, 6, 1, 8),
        )
        cls.t3 = ticket(
            datetime(2024, 6, 30, 20), datetime(2024, 6, 30, 23), datetime(2024, 7, 1)
        )
        cls.t4 = ticket(
            datetime(2024, 3, 31, 20),
            datetime(2024, 4, 1, 2),
            datetime(2024, 4, 1),
            datetime(2024, 4, 2, 20),
            datetime(2024, 4, 10),
        )
        cls.t6 = ticket(datetime(2024, 5, 10), datetime(2024, 5, 10, 5), False)
        ticket(
            datetime(2024, 5, 1),
            datetime(2024, 5, 1, 1),
            False,
            company=cls.other_company,
        )

    def compute(self, period, user=None):
        Snapshot = self.env["advisory.kpi.snapshot"].with_user(user or self.manager)
        return Snapshot.compute_snapshot(*period)

    def feedback_codes(self):
        """The codes of the KPIs advisory_feedback ships."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "advisory_feedback"),
                ("model", "=", "advisory.kpi.definition"),
            ]
        )
        definitions = self.env["advisory.kpi.definition"].browse(data.mapped("res_id"))
        return set(definitions.mapped("code"))

    def kpi_count(self):
        """The number of KPIs a snapshot computes: the active ones of the
        registry."""
        return self.env["advisory.kpi.definition"].search_count([])

    @staticmethod
    def lines_by_code(snapshot):
        return {line.kpi_code: line for line in snapshot.line_ids}
