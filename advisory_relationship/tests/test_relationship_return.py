from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase

from . import test_care_calendar
from .common import RelationshipCase


class ReturnCase(EngagementCase):
    """Client A signs a 500,000 contract on 5 January 2026 (EngagementCase); the
    relationship costs of January: a greeting and a reward of A, an event that A
    and B attend (split over them), and a cost of B in February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["advisory.relationship.return.report"]
        cls.client_c = cls.env["res.partner"].create(
            {"name": "Gamma Holdings", "is_company": True, "is_advisory_client": True}
        )
        cls.contact_a, cls.contact_b, cls.outsider, cls.contact_c = cls.env[
            "res.partner"
        ].create(
            [
                {"name": "CFO of Alpha", "parent_id": cls.client_a.id},
                {"name": "CEO of Beta", "parent_id": cls.client_b.id},
                {"name": "A journalist"},
                {"name": "CFO of Gamma", "parent_id": cls.client_c.id},
            ]
        )
        cls.event = cls.env["event.event"].create(
            {
                "name": "Test Tax Briefing",
                "date_begin": datetime(2026, 1, 15, 9),
                "date_end": datetime(2026, 1, 15, 12),
            }
        )
        registrations = cls.env["event.registration"].create(
            [
                {"event_id": cls.event.id, "partner_id": partner.id}
                for partner in (
                    cls.contact_a,
                    cls.client_a,  # A twice: one share
                    cls.contact_b,
                    cls.outsider,  # no client: no share
                    cls.contact_c,  # cancelled: no share
                )
            ]
        )
        registrations[2].state = "done"
        registrations[4].state = "cancel"

    def _cost(self, name, amount, day, **values):
        # the system's costs (as the greetings' and the rewards' are booked)
        return (
            self.env["advisory.relationship.cost"]
            .sudo()
            .create(
                {
                    "name": name,
                    "amount": amount,
                    "date": day,
                    "budget_override": True,
                    **values,
                }
            )
        )

    def _costs(self):
        self._cost(
            "New Year card",
            1000,
            date(2026, 1, 10),
            partner_id=self.contact_a.id,
            category="care",
        )
        self._cost(
            "Reward",
            500,
            date(2026, 1, 20),
            partner_id=self.client_a.id,
            category="loyalty",
        )
        self._cost("Briefing venue", 3000, date(2026, 1, 15), event_id=self.event.id)
        self._cost(
            "Gift", 400, date(2026, 2, 3), partner_id=self.client_b.id, category="care"
        )


@tagged("post_install", "-at_install")
class TestReturnReport(ReturnCase):
    def _rows(self, user=None):
        self.env.flush_all()
        rows = self.Report.with_user(user or self.manager).search(
            [("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)]
        )
        return {(row.partner_id, row.date): row for row in rows}

    def test_cost_signed_value_and_ratio_per_client_and_month(self):
        self._signed_contract()  # 500,000 signed on 5 January 2026
        self._costs()
        rows = self._rows()
        jan, feb = date(2026, 1, 1), date(2026, 2, 1)
        self.assertEqual(
            set(rows),
            {(self.client_a, jan), (self.client_b, jan), (self.client_b, feb)},
        )
        alpha = rows[self.client_a, jan]
        # the card (its contact's, booked on the client), the reward, half the
        # event (A and B registered; the outsider and the cancelled C do not share)
        self.assertAlmostEqual(alpha.relationship_cost, 1000 + 500 + 1500)
        self.assertAlmostEqual(alpha.signed_value, 500000)
        self.assertAlmostEqual(alpha.cost_ratio, 3000 / 500000)
        beta = rows[self.client_b, jan]
        self.assertAlmostEqual(beta.relationship_cost, 1500)
        self.assertEqual(beta.signed_value, 0)
        self.assertFalse(beta.cost_ratio, "no signed value: no ratio")
        self.env.cr.execute(
            "SELECT cost_ratio FROM advisory_relationship_return_report WHERE id = %s",
            [beta.id],
        )
        self.assertIsNone(self.env.cr.fetchone()[0])
        self.assertAlmostEqual(rows[self.client_b, feb].relationship_cost, 400)
        # the pivot by value tier sums the clients of each tier
        self.client_a._as_system().value_tier = "A"
        self.client_b._as_system().value_tier = "B"
        self.env.flush_all()
        groups = dict(
            (tier, (cost, signed))
            for tier, cost, signed in self.Report.with_user(self.manager)._read_group(
                [("partner_id", "in", (self.client_a | self.client_b).ids)],
                ["value_tier"],
                ["relationship_cost:sum", "signed_value:sum"],
            )
        )
        self.assertAlmostEqual(groups["A"][0], 3000)
        self.assertAlmostEqual(groups["A"][1], 500000)
        self.assertAlmostEqual(groups["B"][0], 1900)

    def test_event_without_client_is_a_cost_of_no_client(self):
        event = self.env["event.event"].create(
            {
                "name": "Test Empty Seminar",
                "date_begin": datetime(2026, 3, 2, 9),
                "date_end": datetime(2026, 3, 2, 12),
            }
        )
        self._cost("Seminar room", 800, date(2026, 3, 2), event_id=event.id)
        self.env.flush_all()
        rows = self.Report.with_user(self.manager).search(
            [("date", "=", date(2026, 3, 1)), ("partner_id", "=", False)]
        )
        self.assertIn(800, [round(row.relationship_cost) for row in rows])

    def test_managers_only(self):
        self._costs()
        self.assertTrue(self._rows())
        for user in (self.advisor_a, self.employee):
            with self.assertRaises(AccessError):
                self._rows(user)


@tagged("post_install", "-at_install")
class TestCareCosts(RelationshipCase):
    """A care rule with a unit cost books one client care cost per occasion
    greeted, however often the job runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["advisory.care.holiday"].search([]).active = False
        cls.env["advisory.care.holiday"].create(
            {"name": "Test Lantern Festival", "date": "2027-02-06"}
        )
        rules = cls.env["advisory.care.rule"]
        rules.search([]).active = False
        rules.create(
            [
                {
                    "sequence": 1,
                    "value_tier": "A",
                    "action": "gift",
                    "days_ahead": 5,
                    "unit_cost": 80,
                },
                {
                    "sequence": 2,
                    "action": "mail",
                    "mail_template_id": cls.env.ref(
                        "advisory_relationship.mail_template_care_greeting"
                    ).id,
                    "days_ahead": 5,
                },
            ]
        )
        cls.contact_a.birthday = date(1980, 2, 3)
        cls.client_b.founding_date = date(2005, 2, 4)
        cls.client_a._as_system().value_tier = "A"
        cls.Occasion = cls.env["advisory.care.occasion"]

    def _care_costs(self, client):
        return self.env["advisory.relationship.cost"].search(
            [("partner_id", "=", client.id), ("category", "=", "care")]
        )

    def test_greeting_cost_booked_once(self):
        with freeze_time("2027-02-01"):
            self.Occasion._cron_care_occasions()
            self.Occasion._cron_care_occasions()
        with freeze_time("2027-02-03"):
            self.Occasion._cron_care_occasions()
        occasions = self.Occasion.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(len(occasions), 2)  # the birthday, the holiday
        costs = self._care_costs(self.client_a)
        self.assertEqual(costs.occasion_id, occasions)
        self.assertEqual(costs.mapped("amount"), [80.0, 80.0])
        self.assertEqual(set(costs.mapped("source")), {"care"})
        self.assertEqual(sorted(costs.mapped("date")), sorted(occasions.mapped("date")))
        # the rule of B's greetings (emails) has no cost: nothing booked
        self.assertFalse(self._care_costs(self.client_b))
        # a second greeting of the same occasion books nothing more
        occasions._advisory_book_care_costs(self.env["advisory.care.rule"].search([]))
        self.assertEqual(self._care_costs(self.client_a), costs)

    def test_unit_cost_cannot_be_negative(self):
        rule = self.env["advisory.care.rule"].search([], limit=1)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            rule.unit_cost = -5
            rule.flush_recordset()


@tagged("post_install", "-at_install")
class TestFeeDiscountOnNextProposal(EngagementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reward = cls.env["advisory.loyalty.reward"].create(
            {
                "name": "Test 10 % off",
                "kind": "fee_discount",
                "points_cost": 100,
                "discount_percent": 10,
            }
        )

    def _redeem(self):
        self.env["advisory.loyalty.redeem"].with_user(self.advisor_a).create(
            {"partner_id": self.client_a.id, "reward_id": self.reward.id}
        ).action_redeem()
        return self.env["advisory.loyalty.entry"].search(
            [("partner_id", "=", self.client_a.id), ("kind", "=", "redeem")]
        )

    def test_discount_applied_once_to_the_next_submitted_proposal(self):
        self._signed_contract()  # 500 points
        entry = self._redeem()
        self.assertEqual(entry.discount_state, "pending")
        self.assertEqual(entry.discount_percent, 10)
        first = self._proposal()
        self.assertFalse(first.loyalty_discount_amount, "a draft gets nothing yet")
        first.with_user(self.advisor_a).action_submit()
        self.assertEqual(entry.discount_state, "applied")
        self.assertEqual(entry.applied_proposal_id, first)
        self.assertEqual(first.loyalty_entry_id, entry)
        self.assertEqual(first.loyalty_discount_amount, 48000)
        self.assertEqual(first.fee_net, 432000)
        # the next proposal of the client pays the full fee
        second = self._proposal()
        second.with_user(self.advisor_a).action_submit()
        self.assertFalse(second.loyalty_entry_id)
        self.assertEqual(second.loyalty_discount_amount, 0)
        self.assertEqual(second.fee_net, 480000)
        self.assertEqual(entry.applied_proposal_id, first)
        # a new version of the discounted proposal is the same offer
        first.with_user(self.manager).validate_tier()
        version = first.with_user(self.advisor_a).action_new_version()
        version = self.env["advisory.proposal"].browse(version["res_id"])
        self.assertEqual(version.loyalty_discount_amount, 48000)
        self.assertEqual(entry.applied_proposal_id, first)

    def test_the_accepted_discount_is_the_engagements_value_and_contract_fee(self):
        self._signed_contract()
        self._redeem()
        # a new engagement of the client (the first one's value is its contract)
        engagement = (
            self.env["advisory.engagement"]
            .with_user(self.advisor_a)
            .create({"partner_id": self.client_a.id})
        )
        proposal = self._proposal(engagement)
        proposal.with_user(self.advisor_a).action_submit()
        proposal.with_user(self.manager).validate_tier()
        proposal.with_user(self.advisor_a).action_present()
        proposal.with_user(self.advisor_a).action_accept()
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(engagement.value, 432000)
        action = engagement.with_user(self.advisor_a).action_new_contract()
        self.assertEqual(action["context"]["default_amount"], 432000)

    def test_no_discount_without_pending_redemption_nor_by_hand(self):
        proposal = self._proposal()
        proposal.with_user(self.advisor_a).action_submit()
        self.assertFalse(proposal.loyalty_entry_id)
        self.assertEqual(proposal.fee_net, 480000)
        draft = self._proposal()
        for field, value in (
            ("loyalty_discount_percent", 50),
            ("fee_net", 1),
            ("loyalty_discount_amount", 100),
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                draft.with_user(self.advisor_a).write({field: value})
        entry = self._redeem_without_points()
        self.assertFalse(entry)

    def test_discount_given_back_when_rejected_in_review(self):
        self._signed_contract()
        entry = self._redeem()
        proposal = self._proposal()
        proposal.with_user(self.advisor_a).action_submit()
        self.assertEqual(entry.applied_proposal_id, proposal)
        proposal.with_user(self.manager).reject_tier()
        self.assertEqual(proposal.state, "draft")
        self.assertEqual(entry.discount_state, "pending")
        self.assertFalse(entry.applied_proposal_id)
        self.assertFalse(proposal.loyalty_entry_id)
        self.assertEqual(proposal.loyalty_discount_amount, 0)
        self.assertEqual(proposal.fee_net, 480000)
        # the resubmission takes it again, once
        proposal.with_user(self.advisor_a).action_submit()
        self.assertEqual(entry.discount_state, "applied")
        self.assertEqual(entry.applied_proposal_id, proposal)
        self.assertEqual(proposal.loyalty_discount_amount, 48000)
        self.assertEqual(proposal.fee_net, 432000)
        self.assertEqual(
            len(
                proposal.message_ids.filtered(
                    lambda m: "Loyalty reward applied" in (m.body or "")
                )
            ),
            2,
        )

    def test_discount_given_back_when_cancelled_or_declined(self):
        self._signed_contract()
        entry = self._redeem()
        cancelled = self._proposal()
        cancelled.with_user(self.advisor_a).action_submit()
        cancelled.with_user(self.advisor_a).action_cancel()
        self.assertEqual(cancelled.state, "cancelled")
        self.assertEqual(entry.discount_state, "pending")
        self.assertFalse(entry.applied_proposal_id)
        self.assertFalse(cancelled.loyalty_entry_id)
        # declined by the client: given back too
        declined = self._approved_proposal()
        self.assertEqual(entry.applied_proposal_id, declined)
        declined.action_present()
        declined.with_user(self.advisor_a).action_reject()
        self.assertEqual(declined.state, "rejected")
        self.assertEqual(entry.discount_state, "pending")
        self.assertFalse(declined.loyalty_entry_id)
        # its new version is a new offer: it takes the pending discount when
        # submitted
        version = declined.with_user(self.advisor_a).action_new_version()
        version = self.env["advisory.proposal"].browse(version["res_id"])
        self.assertFalse(version.loyalty_entry_id)
        version.with_user(self.advisor_a).action_submit()
        self.assertEqual(entry.applied_proposal_id, version)

    def test_discount_stays_with_accepted_and_with_a_live_version(self):
        self._signed_contract()
        entry = self._redeem()
        proposal = self._approved_proposal()
        version = proposal.with_user(self.advisor_a).action_new_version()
        version = self.env["advisory.proposal"].browse(version["res_id"])
        # the old version cancelled: the new one still holds the discount
        proposal.with_user(self.advisor_a).action_cancel()
        self.assertEqual(entry.discount_state, "applied")
        self.assertEqual(entry.applied_proposal_id, version)
        self.assertEqual(version.loyalty_discount_amount, 48000)
        version.with_user(self.advisor_a).action_submit()
        version.with_user(self.manager).validate_tier()
        version.with_user(self.advisor_a).action_present()
        version.with_user(self.advisor_a).action_accept()
        self.assertEqual(version.state, "accepted")
        self.assertEqual(entry.discount_state, "applied")
        self.assertEqual(entry.applied_proposal_id, version)
        self.assertEqual(version.fee_net, 432000)

    def _redeem_without_points(self):
        # no points: the redemption is refused and nothing is pending
        with self.assertRaises(UserError):
            self._redeem()
        return self.env["advisory.loyalty.entry"].search(
            [("partner_id", "=", self.client_a.id), ("discount_state", "!=", False)]
        )


@tagged("post_install", "-at_install")
class TestCareCostQueries(test_care_calendar.TestCareCalendarQueries):
    """The daily job's queries do not grow with the number of clients when its
    rules book a cost per greeting (against a care budget)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["advisory.care.rule"].search([]).unit_cost = 30
        cls.env["advisory.relationship.budget"].create(
            {
                "category": "care",
                "period_type": "year",
                "date_from": date(2027, 1, 1),
                "planned_amount": 1000000,
            }
        )

    def test_query_count_constant(self):
        super().test_query_count_constant()
        costs = self.env["advisory.relationship.cost"].search(
            [("occasion_id", "!=", False)]
        )
        self.assertTrue(costs)
        self.assertEqual(
            len(costs),
            # the clients with the marketing consent (two thirds) are greeted
            len(
                self.env["advisory.care.occasion"].search(
                    [("state", "in", ("sent", "activity"))]
                )
            ),
        )
