from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.advisory_staff_scorecard import DAYS_PER_MONTH, MAX_ACHIEVEMENT
from .staff_common import EXPECTED, Q2, StaffCase


@tagged("post_install", "-at_install")
class TestStaffScorecard(StaffCase):
    def _lines(self, cards):
        return {(line.user_id, line.measure_code): line for line in cards.line_ids}

    def test_values_by_hand(self):
        cards = self._compute(self.manager)
        self.assertEqual(cards.user_id, self.user_a | self.user_b | self.manager)
        lines = self._lines(cards)
        for key, user in self.users.items():
            for code, _label in self.env[
                "advisory.staff.scorecard"
            ]._selection_measure_code():
                line = lines[(user, code)]
                expected = EXPECTED[key].get(code)
                with self.subTest(user=key, measure=code):
                    if expected is None:
                        self.assertIs(line.value, False)
                        self.assertEqual(line.status, "no_data")
                        self.assertEqual(line.rank, 0)
                        continue
                    numerator, denominator, value = expected
                    self.assertAlmostEqual(line.numerator, numerator)
                    self.assertEqual(line.denominator, denominator)
                    self.assertAlmostEqual(line.value, value)
        self.assertEqual(
            {card.user_id: card.role for card in cards},
            {self.user_a: "advisor", self.user_b: "advisor", self.manager: "manager"},
        )

    def test_targets_ranks_and_score(self):
        cards = self._compute(self.manager)
        lines = self._lines(cards)
        a, b, m = self.user_a, self.user_b, self.manager
        # ranks per measure: higher is better, except the churn; ties share
        self.assertEqual(lines[(a, "satisfaction")].rank, 1)
        self.assertEqual(lines[(b, "satisfaction")].rank, 2)
        self.assertEqual(lines[(b, "churn")].rank, 1)
        self.assertEqual(lines[(a, "churn")].rank, 2)
        self.assertEqual(lines[(a, "certification_coverage")].rank, 1)
        self.assertEqual(lines[(b, "certification_coverage")].rank, 2)
        self.assertEqual(lines[(m, "certification_coverage")].rank, 2)
        # default targets of the advisor role; amounts and hours per month
        months = 91 / DAYS_PER_MONTH
        self.assertAlmostEqual(lines[(a, "satisfaction")].target, 0.85)
        self.assertAlmostEqual(lines[(a, "contract_value")].target, 20000 * months)
        self.assertAlmostEqual(lines[(m, "contract_value")].target, 40000 * months)
        self.assertEqual(lines[(a, "satisfaction")].status, "missed")
        self.assertEqual(lines[(a, "renewal_rate")].status, "met")
        self.assertEqual(lines[(b, "churn")].status, "met")
        self.assertEqual(lines[(a, "churn")].status, "missed")
        # overall score: average achievement, capped
        score_a = (
            0.8 / 0.85
            + (1 / 3) / 0.3
            + 0.5 / 0.9
            + (1 / 3) / 0.9
            + 0.05 / 0.5
            + 150 / (20000 * months)
            + MAX_ACHIEVEMENT  # renewals 1.0 / 0.6
            + MAX_ACHIEVEMENT  # 14 h / (2 h × 2.99 months)
            + 1.0
        ) / 9
        score_b = (
            0.6 / 0.85
            + 1.0 / 0.9
            + MAX_ACHIEVEMENT  # no churn
            + 100 / (20000 * months)
            + 0.0
            + 3 / (2 * months)
            + 0.0
        ) / 7
        by_user = {card.user_id: card for card in cards}
        self.assertAlmostEqual(by_user[a].score, score_a)
        self.assertAlmostEqual(by_user[b].score, score_b)
        self.assertEqual(by_user[m].score, 0.0)
        self.assertEqual([by_user[a].rank, by_user[b].rank, by_user[m].rank], [1, 2, 3])
        self.assertEqual(by_user[a].peer_count, 3)
        # a manager changes a target: the next computation uses it
        target = self.env["advisory.staff.scorecard.target"].search(
            [
                ("company_id", "=", self.company.id),
                ("role", "=", "advisor"),
                ("measure_code", "=", "satisfaction"),
            ]
        )
        target.with_user(self.manager).target = 0.75
        cards = self._compute(self.manager)
        self.assertEqual(self._lines(cards)[(a, "satisfaction")].status, "met")

    def test_compute_twice_same_rows(self):
        first = self._compute(self.manager)
        values = sorted(
            (line.user_id.id, line.measure_code, line.value, line.rank)
            for line in first.line_ids
        )
        second = self._compute(self.manager)
        self.assertFalse(first.exists())
        self.assertEqual(len(second), 3)
        self.assertEqual(
            sorted(
                (line.user_id.id, line.measure_code, line.value, line.rank)
                for line in second.line_ids
            ),
            values,
        )
        self.assertEqual(
            self.env["advisory.staff.scorecard"].search_count(
                [("company_id", "=", self.company.id)]
            ),
            3,
        )

    def test_trend_from_previous_period(self):
        self._compute(self.manager, (date(2024, 1, 1), date(2024, 3, 31)))
        cards = self._compute(self.manager)
        line = self._lines(cards)[(self.user_a, "satisfaction")]
        # Q1: the March answer of 10 %
        self.assertAlmostEqual(line.previous_value, 0.1)
        self.assertEqual(line.trend, "up")
        self.assertEqual(cards[0].period_type, "quarter")

    def test_closed_period_not_recomputed(self):
        cards = self._compute(self.manager)
        cards.with_user(self.manager).action_done()
        self.assertEqual(set(cards.mapped("state")), {"done"})
        with self.assertRaises(UserError):
            self._compute(self.manager)
        cards.with_user(self.manager).action_reset_draft()
        self.assertEqual(len(self._compute(self.manager)), 3)

    def test_reset_draft_own_companies_only(self):
        cards = self._compute(self.manager)
        cards.with_user(self.manager).action_done()
        company_2 = self.env["res.company"].create({"name": "Other Advisory Co"})
        other_manager = new_test_user(
            self.env,
            login="staff_m_other",
            groups="base.group_user,advisory_client_mgmt.group_advisory_manager",
            company_id=company_2.id,
            company_ids=[Command.set([company_2.id])],
        )
        with self.assertRaises(AccessError):
            cards.with_user(other_manager).action_reset_draft()
        with self.assertRaises(AccessError):
            cards.with_user(other_manager).action_done()
        self.assertEqual(set(cards.mapped("state")), {"done"})
        # closed cards are not closed again; draft ones are not reopened
        with self.assertRaisesRegex(UserError, "cannot be closed or reopened"):
            cards.with_user(self.manager).action_done()
        cards.with_user(self.manager).action_reset_draft()
        self.assertEqual(set(cards.mapped("state")), {"draft"})
        with self.assertRaisesRegex(UserError, "cannot be closed or reopened"):
            cards.with_user(self.manager).action_reset_draft()

    def test_done_card_not_deleted(self):
        cards = self._compute(self.manager)
        cards.with_user(self.manager).action_done()
        with self.assertRaisesRegex(UserError, "is closed: reopen it"):
            cards[0].with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "is closed: reopen it"):
            cards[0].sudo().unlink()
        self.assertTrue(cards[0].exists())
        cards.with_user(self.manager).action_reset_draft()
        cards[0].with_user(self.manager).unlink()
        self.assertFalse(cards[0].exists())

    def test_period_out_of_years_refused(self):
        for period in (
            ("0001-01-01", "0001-01-31"),
            ("9999-12-01", "9999-12-31"),
            (date(1899, 12, 1), date(1900, 1, 31)),
        ):
            with self.assertRaisesRegex(UserError, "Give a period between 1900"):
                self._compute(self.manager, period)
        # the wizard refuses such dates as it is filled in
        with self.assertRaisesRegex(ValidationError, "between 1900 and 2999"):
            self.env["advisory.staff.scorecard.compute"].with_user(self.manager).create(
                {
                    "period_type": "custom",
                    "date_from": "0001-01-01",
                    "date_to": "0001-01-31",
                }
            )

    def test_advisor_sees_only_her_card(self):
        cards = self._compute(self.manager)
        card_b = cards.filtered(lambda card: card.user_id == self.user_b)
        Card = self.env["advisory.staff.scorecard"].with_user(self.user_a)
        mine = Card.search([])
        self.assertEqual(mine.user_id, self.user_a)
        self.assertEqual(
            self.env["advisory.staff.scorecard.line"]
            .with_user(self.user_a)
            .search([])
            .user_id,
            self.user_a,
        )
        with self.assertRaises(AccessError):
            Card.browse(card_b.id).read(["score"])
        with self.assertRaises(AccessError):
            self.env["advisory.staff.scorecard.line"].with_user(self.user_a).browse(
                card_b.line_ids[0].id
            ).read(["value"])
        # her own values are not hers to change, nor to compute
        with self.assertRaises(UserError):
            mine.line_ids[0].write({"value": 1.0})
        with self.assertRaises(UserError):
            mine.write({"score": 1.0})
        with self.assertRaises(AccessError):
            self._compute(self.user_a)
        with self.assertRaises(AccessError):
            mine.action_done()
        # managers read every card, but write no value either
        self.assertEqual(
            len(
                self.env["advisory.staff.scorecard"]
                .with_user(self.manager)
                .search([("company_id", "=", self.company.id)])
            ),
            3,
        )
        with self.assertRaises(UserError):
            cards.with_user(self.manager).line_ids[0].write({"value": 1.0})

    def _count_compute_queries(self):
        """Queries of computing the period's cards, caches warm (as every month
        but the first one: the targets exist, the groups are known)."""
        self._compute(self.manager)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._compute(self.manager)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_query_count_constant(self):
        """Computing the cards takes the same number of queries for 3 users and 3
        clients as for 7 users and 7 clients."""
        budget = self._count_compute_queries()
        advisor = "base.group_user,advisory_client_mgmt.group_advisory_user"
        for number in range(4):
            user = new_test_user(
                self.env,
                login=f"staff_more_{number}",
                groups=advisor,
                company_id=self.company.id,
                company_ids=[Command.set([self.company.id])],
            )
            client = self._client(
                f"More {number}",
                [("2023-01-10", "active")],
                relationship_manager_id=user.id,
            )
            self._answers(client, [(datetime(2024, 5, 2), 80.0, "passive")])
            self._handled_ticket(
                client,
                user,
                datetime(2024, 4, 1, 9),
                datetime(2024, 4, 1, 12),
                datetime(2024, 4, 3),
            )
        self.assertEqual(self._count_compute_queries(), budget)
        self._compute(self.manager)
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            cards = self._compute(self.manager)
        self.assertEqual(len(cards), 7)

    def test_cron_computes_last_month_once(self):
        today = fields.Date.context_today(self.env["advisory.staff.scorecard"])
        Card = self.env["advisory.staff.scorecard"]
        Card._cron_compute_scorecards()
        cards = Card.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(cards), 3)
        self.assertEqual(set(cards.mapped("period_type")), {"month"})
        self.assertLess(cards[0].date_to, today.replace(day=1))
        Card._cron_compute_scorecards()
        self.assertEqual(Card.search([("company_id", "=", self.company.id)]), cards)

    def test_wizard(self):
        wizard = (
            self.env["advisory.staff.scorecard.compute"]
            .with_user(self.manager)
            .create({"period_type": "custom", "date_from": Q2[0], "date_to": Q2[1]})
        )
        action = wizard.action_compute()
        cards = self.env["advisory.staff.scorecard"].search(action["domain"])
        self.assertEqual(len(cards), 3)


@tagged("post_install", "-at_install")
class TestPlanContacts(StaffCase):
    def test_plan_activity_done_on_time(self):
        Plan = self.env["advisory.communication.plan"]
        plan = Plan.sudo().create(
            {
                "partner_id": self.b1.id,
                "company_id": self.company.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "user_id": self.user_b.id,
            }
        )
        today = fields.Date.context_today(plan.with_user(self.user_b))
        plan.sudo().next_date = today
        Plan.with_context(
            allowed_company_ids=[self.company.id]
        )._cron_create_plan_activities()
        contact = self.env["advisory.communication.plan.contact"].search(
            [("plan_id", "=", plan.id)]
        )
        self.assertEqual(len(contact), 1)
        self.assertEqual(contact.user_id, self.user_b)
        self.assertFalse(contact.on_time)
        contact.activity_id.with_user(self.user_b).action_feedback("Called")
        self.assertEqual(contact.date_done, today)
        self.assertTrue(contact.on_time)
        # nobody writes the log by hand
        with self.assertRaises(AccessError):
            contact.with_user(self.user_b).write({"date_done": False})

    def test_plan_activity_closed_by_an_outsider_is_not_a_contact(self):
        """Odoo lets anyone who may edit the client close its activities; the
        planned contact counts as done only when the client's team closes it."""
        employee = new_test_user(
            self.env,
            login="plan_outsider",
            groups="base.group_user,base.group_partner_manager",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id])],
        )
        Plan = self.env["advisory.communication.plan"]
        plan = Plan.sudo().create(
            {
                "partner_id": self.b1.id,
                "company_id": self.company.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "user_id": self.user_b.id,
            }
        )
        plan.sudo().next_date = fields.Date.context_today(plan.with_user(self.user_b))
        Plan.with_context(
            allowed_company_ids=[self.company.id]
        )._cron_create_plan_activities()
        contact = self.env["advisory.communication.plan.contact"].search(
            [("plan_id", "=", plan.id)]
        )
        contact.activity_id.with_user(employee).action_feedback("Called, I think")
        self.assertFalse(contact.date_done)
        self.assertFalse(contact.on_time)


@tagged("post_install", "-at_install")
class TestStaffDemo(StaffCase):
    def test_demo_quarter_of_scorecards(self):
        course = self.env.ref(
            "advisory_feedback.advisory_training_course_demo_aml",
            raise_if_not_found=False,
        )
        if not course:
            self.skipTest("demo data not loaded")
        cards = self.env["advisory.staff.scorecard"].search(
            [("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertEqual(sorted(set(cards.mapped("period_type"))), ["month", "quarter"])
        self.assertEqual(
            len(
                set(cards.filtered(lambda c: c.period_type == "month").mapped("period"))
            ),
            3,
        )
        self.assertIn(self.env.ref("base.user_demo"), cards.user_id)
        self.assertTrue(cards.line_ids.filtered(lambda line: line.value is not False))
