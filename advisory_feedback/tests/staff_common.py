"""A small fixture for the staff scorecards, in a company of its own: two
advisors (A and B) and a manager (M), A's clients A1 and A2, B's client B1, with
answers, tickets, planned contacts, lifecycles, contracts and training records
in Q2 2024. The values of each measure are worked out by hand in
:data:`EXPECTED`."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user

from .period_common import PeriodFixtureCase

Q2 = (date(2024, 4, 1), date(2024, 6, 30))

# (numerator, denominator, value) per user key and measure; missing: no data
EXPECTED = {
    "a": {
        # answers of A1 (90) and A2 (70) in Q2; the March answer does not count
        "satisfaction": (1.6, 2, 0.8),
        # promoter, promoter, detractor
        "nps": (1, 3, 1 / 3),
        # two tickets resolved in Q2, one answered late
        "sla_compliance": (1, 2, 0.5),
        # three contacts due in Q2: on time, late, not done
        "plan_adherence": (1, 3, 1 / 3),
        # A1 and A2 active at the start of Q2, A2 churned in May
        "churn": (1, 2, 0.5),
        # A1's contract signed in May
        "contract_value": (150, 1, 150),
        # A1's contract ending in June, renewed
        "renewal_rate": (1, 1, 1.0),
        # 8 h course + 6 h certification
        "training_hours": (14, 2, 14),
        # the required certification held all along
        "certification_coverage": (1, 1, 1.0),
    },
    "b": {
        "satisfaction": (0.6, 1, 0.6),
        "sla_compliance": (1, 1, 1.0),
        "churn": (0, 1, 0.0),
        "contract_value": (100, 1, 100),
        "renewal_rate": (0, 1, 0.0),
        "training_hours": (3, 1, 3),
        # certified in 2022 for one year: expired
        "certification_coverage": (0, 1, 0.0),
    },
    "m": {
        # the manager is an advisor too: the certification is required
        "certification_coverage": (0, 1, 0.0),
    },
}


class StaffCase(PeriodFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_own_company("Staff Advisory Co")
        # the courses of the demo data (no company) must not count here
        cls.env["advisory.training.course"].search([]).write({"active": False})
        vals = {
            "company_id": cls.company.id,
            "company_ids": [Command.set([cls.company.id])],
            "tz": "Europe/Brussels",
        }
        advisor = "base.group_user,advisory_client_mgmt.group_advisory_user"
        cls.user_a = new_test_user(cls.env, login="staff_a", groups=advisor, **vals)
        cls.user_b = new_test_user(cls.env, login="staff_b", groups=advisor, **vals)
        cls.manager = new_test_user(
            cls.env,
            login="staff_m",
            groups="base.group_user,advisory_client_mgmt.group_advisory_manager",
            **vals,
        )
        cls.users = {"a": cls.user_a, "b": cls.user_b, "m": cls.manager}
        cls.survey = cls.env["survey.survey"].create({"title": "Staff CSAT"})
        cls.aml = cls.env["advisory.training.course"].create(
            {
                "name": "AML",
                "kind": "certification",
                "hours": 6,
                "validity_months": 12,
                "company_id": cls.company.id,
                "required_group_ids": [
                    Command.link(
                        cls.env.ref("advisory_client_mgmt.group_advisory_user").id
                    )
                ],
            }
        )
        cls.course = cls.env["advisory.training.course"].create(
            {"name": "Modelling", "hours": 8, "company_id": cls.company.id}
        )
        cls._create_fixture()

    @classmethod
    def _create_fixture(cls):
        cls.a1 = cls._client(
            "A1", [("2023-01-10", "active")], relationship_manager_id=cls.user_a.id
        )
        cls.a2 = cls._client(
            "A2",
            [("2023-01-10", "active"), ("2024-05-15", "churned")],
            relationship_manager_id=cls.user_a.id,
        )
        cls.b1 = cls._client(
            "B1", [("2023-01-10", "active")], relationship_manager_id=cls.user_b.id
        )
        cls._answers(cls.a1, [(datetime(2024, 5, 2), 90.0, "promoter")])
        cls._answers(
            cls.a2,
            [
                (datetime(2024, 5, 3), 70.0, "detractor"),
                (datetime(2024, 6, 3), False, "promoter"),
                (datetime(2024, 3, 3), 10.0, False),
            ],
        )
        cls._answers(cls.b1, [(datetime(2024, 6, 20), 60.0, False)])
        cls._tickets()
        cls._contacts()
        cls._contracts()
        cls._training()

    @classmethod
    def _answers(cls, client, answers):
        """``answers``: ``(end, score, NPS category)`` of ``client``'s answers."""
        for end, score, nps in answers:
            cls._answer(cls.survey, client, end, score, advisory_nps_category=nps)

    @classmethod
    def _handled_ticket(cls, client, user, ack, ack_deadline, resolved):
        """A complaint of ``client`` handled by ``user``, received on 1 April 2024
        at 8:00."""
        return cls._ticket(
            client,
            datetime(2024, 4, 1, 8),
            ack,
            ack_deadline,
            resolved,
            user_id=user.id,
        )

    @classmethod
    def _tickets(cls):
        # A: in time; answered late; resolved after Q2 (not counted)
        cls._handled_ticket(
            cls.a1,
            cls.user_a,
            datetime(2024, 4, 1, 9),
            datetime(2024, 4, 1, 12),
            datetime(2024, 4, 3),
        )
        cls._handled_ticket(
            cls.a2,
            cls.user_a,
            datetime(2024, 4, 2, 9),
            datetime(2024, 4, 1, 12),
            datetime(2024, 4, 5),
        )
        cls._handled_ticket(
            cls.a1,
            cls.user_a,
            datetime(2024, 4, 1, 9),
            datetime(2024, 4, 1, 12),
            datetime(2024, 7, 3),
        )
        # B's ticket is about A's client: it counts for B, who handles it
        cls._handled_ticket(
            cls.a1,
            cls.user_b,
            datetime(2024, 4, 1, 9),
            datetime(2024, 4, 1, 12),
            datetime(2024, 6, 3),
        )

    @classmethod
    def _contacts(cls):
        plan = (
            cls.env["advisory.communication.plan"]
            .sudo()
            .create(
                {
                    "partner_id": cls.a1.id,
                    "company_id": cls.company.id,
                    "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
                    "user_id": cls.user_a.id,
                    "next_date": "2025-01-01",
                }
            )
        )
        cls.env["advisory.communication.plan.contact"].sudo().create(
            [
                {
                    "plan_id": plan.id,
                    "user_id": cls.user_a.id,
                    "date_deadline": deadline,
                    "date_done": done,
                }
                for deadline, done in (
                    ("2024-05-01", "2024-04-30"),
                    ("2024-05-15", "2024-05-20"),
                    ("2024-06-01", False),
                    # due in Q3: not counted
                    ("2024-07-01", False),
                )
            ]
        )

    @classmethod
    def _contracts(cls):
        Engagement = cls.env["advisory.engagement"].sudo()

        def contract(partner, *args, **values):
            engagement = Engagement.create(
                {"partner_id": partner.id, "company_id": cls.company.id}
            )
            return cls._contract(engagement, *args, **values)

        old = contract(
            cls.a1,
            "signed",
            date(2023, 6, 1),
            500,
            date(2023, 6, 16),
            date(2024, 6, 15),
        )
        contract(
            cls.a1,
            "active",
            date(2024, 5, 10),
            150,
            date(2024, 6, 16),
            date(2025, 6, 15),
            renewed_from_id=old.id,
        )
        contract(
            cls.b1,
            "expired",
            date(2023, 5, 1),
            70,
            date(2023, 5, 1),
            date(2024, 4, 30),
        )
        contract(
            cls.b1,
            "signed",
            date(2024, 6, 30),
            100,
            date(2024, 7, 1),
            date(2025, 6, 30),
        )
        # signed after Q2
        contract(
            cls.b1, "signed", date(2024, 7, 1), 900, date(2024, 7, 1), date(2025, 6, 30)
        )

    @classmethod
    def _training(cls):
        Record = cls.env["advisory.training.record"].sudo()
        Record.create(
            [
                {
                    "user_id": cls.user_a.id,
                    "course_id": cls.course.id,
                    "company_id": cls.company.id,
                    "date": "2024-05-02",
                    "state": "attended",
                },
                {
                    "user_id": cls.user_a.id,
                    "course_id": cls.aml.id,
                    "company_id": cls.company.id,
                    "date": "2024-04-10",
                    "state": "certified",
                },
                {
                    "user_id": cls.user_b.id,
                    "course_id": cls.course.id,
                    "company_id": cls.company.id,
                    "date": "2024-06-10",
                    "hours": 3,
                    "state": "attended",
                },
                {
                    # planned: not counted
                    "user_id": cls.user_b.id,
                    "course_id": cls.course.id,
                    "company_id": cls.company.id,
                    "date": "2024-06-12",
                },
                {
                    "user_id": cls.user_b.id,
                    "course_id": cls.aml.id,
                    "company_id": cls.company.id,
                    "date": "2022-01-01",
                    "state": "expired",
                },
            ]
        )

    def _compute(self, user=None, period=Q2):
        Card = self.env["advisory.staff.scorecard"]
        if user:
            Card = Card.with_user(user)
        return Card.compute_scorecards(*period)
