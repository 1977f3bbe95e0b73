from contextlib import contextmanager
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase

from .common import RelationshipCase


class LoyaltyCase(RelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["advisory.loyalty.entry"]
        cls.env["advisory.loyalty.level"].search([]).active = False
        cls.silver, cls.gold = cls.env["advisory.loyalty.level"].create(
            [
                {"name": "Test Silver", "threshold": 100},
                {"name": "Test Gold", "threshold": 500},
            ]
        )
        start = fields.Datetime.now() + timedelta(days=10)
        cls.event, cls.event_2 = cls.env["event.event"].create(
            [
                {
                    "name": name,
                    "date_begin": start,
                    "date_end": start + timedelta(hours=3),
                }
                for name in ("Test Loyalty Briefing", "Test Loyalty Seminar")
            ]
        )
        cls.gift = cls.env["advisory.loyalty.reward"].create(
            {"name": "Test Gift", "kind": "gift", "points_cost": 80}
        )
        cls.employee = new_test_user(cls.env, login="rel_employee")

    def _today(self):
        # the day the ledger dates its entries (the acting user's today)
        return fields.Date.context_today(self.Entry)

    @contextmanager
    def _refused(self, exception, text):
        """assertRaises (which rolls back what the refused call did) and the
        message."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _earn(self, partner, source, rule="event"):
        return self.Entry._advisory_loyalty_earn(partner, rule, source)

    def _redeem(self, user, partner, reward, **values):
        wizard = (
            self.env["advisory.loyalty.redeem"]
            .with_user(user)
            .create({"partner_id": partner.id, "reward_id": reward.id, **values})
        )
        return wizard.action_redeem()

    def _ledger(self, partner, kind=None):
        domain = [("partner_id", "=", partner.id)]
        if kind:
            domain.append(("kind", "=", kind))
        return self.Entry.search(domain)


@tagged("post_install", "-at_install")
class TestLoyalty(LoyaltyCase):
    def test_earning_is_idempotent(self):
        first = self._earn(self.contact_a, self.event)
        self.assertEqual(first.partner_id, self.client_a, "the client earns")
        self.assertEqual(first.points, 50)
        self.assertEqual(first.source_ref, self.event)
        # twice, through the client or another of its contacts: nothing more
        self.assertFalse(self._earn(self.contact_a, self.event))
        self.assertFalse(self._earn(self.client_a, self.event))
        self.assertEqual(len(self._ledger(self.client_a)), 1)
        # another source, another rule: new entries
        self._earn(self.client_a, self.event_2)
        self._earn(self.client_a, self.event, rule="survey")
        self.assertEqual(len(self._ledger(self.client_a)), 3)
        self.assertEqual(self.client_a.loyalty_points, 130)
        # not an advisory client: nothing
        outsider = self.env["res.partner"].create({"name": "Walk-in Visitor"})
        self.assertFalse(self._earn(outsider, self.event))

    def test_attendance_earns_once_per_event(self):
        second = self.env["res.partner"].create(
            {"name": "CEO of Alpha", "parent_id": self.client_a.id, "email": "ceo@a.ex"}
        )
        registrations = self.env["event.registration"].create(
            [
                {"event_id": self.event.id, "partner_id": contact.id}
                for contact in (self.contact_a, second)
            ]
        )
        registrations[0].with_user(self.advisor_a).action_set_done()
        registrations[1].with_user(self.advisor_a).action_set_done()
        entries = self._ledger(self.client_a)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.rule_id.code, "event")
        self.assertEqual(self.client_a.loyalty_points, 50)

    def test_attendance_by_a_registration_desk_earns_nothing(self):
        desk = new_test_user(
            self.env,
            login="rel_event_desk",
            groups="base.group_user,event.group_event_registration_desk",
        )
        registration = self.env["event.registration"].create(
            {"event_id": self.event.id, "partner_id": self.contact_a.id}
        )
        registration.with_user(desk).action_set_done()
        self.assertEqual(registration.state, "done")
        self.assertFalse(self._ledger(self.client_a))
        self.assertEqual(self.client_a.loyalty_points, 0)

    def test_redemption_beyond_balance_refused(self):
        self._earn(self.client_a, self.event)
        with self._refused(UserError, "has 50 points"):
            self._redeem(self.advisor_a, self.client_a, self.gift)
        self.assertFalse(self._ledger(self.client_a, "redeem"))
        self._earn(self.client_a, self.event_2)
        self._redeem(self.advisor_a, self.client_a, self.gift, note="Mid-Autumn")
        redeemed = self._ledger(self.client_a, "redeem")
        self.assertEqual(redeemed.points, -80)
        self.assertEqual(redeemed.user_id, self.advisor_a)
        self.assertIn("Mid-Autumn", redeemed.name)
        self.assertEqual(self.client_a.loyalty_points, 20)
        # the oldest points were spent first
        earned = self._ledger(self.client_a, "earn").sorted("id")
        self.assertEqual(earned.mapped("points_remaining"), [0, 20])
        # the relationship manager delivers it
        activity = self.client_a.activity_ids.filtered(
            lambda a: "Send the gift" in a.summary
        )
        self.assertEqual(activity.user_id, self.advisor_a)
        # the level counts points earned, not the balance
        self.assertEqual(self.client_a.loyalty_level_id, self.silver)

    def test_who_redeems(self):
        self._earn(self.client_a, self.event)
        self._earn(self.client_a, self.event_2)
        with self._refused(AccessError, "You do not serve Alpha"):
            self._redeem(self.advisor_b, self.client_a, self.gift)
        with self.assertRaises(AccessError):
            self._redeem(self.employee, self.client_a, self.gift)
        self.assertFalse(self._ledger(self.client_a, "redeem"))
        # the other advisor does not read the ledger either; the manager does
        self.assertFalse(
            self.Entry.with_user(self.advisor_b).search(
                [("partner_id", "=", self.client_a.id)]
            )
        )
        self.assertEqual(
            len(
                self.Entry.with_user(self.manager).search(
                    [("partner_id", "=", self.client_a.id)]
                )
            ),
            2,
        )
        self._redeem(self.manager, self.client_a, self.gift)
        self.assertEqual(self.client_a.loyalty_points, 20)

    def test_ledger_and_points_not_written_by_users(self):
        entry = self._earn(self.client_a, self.event)
        # (AccessError is a UserError)
        with self.assertRaises(UserError):
            entry.with_user(self.advisor_a).write({"points": 5000})
        with self.assertRaises(UserError):
            self.Entry.with_user(self.manager).create(
                {
                    "name": "Gift to myself",
                    "partner_id": self.client_a.id,
                    "kind": "earn",
                    "points": 5000,
                }
            )
        with self._refused(UserError, "cannot be edited directly"):
            self.client_a.with_user(self.manager).write({"loyalty_points": 5000})
        with self._refused(UserError, "cannot be edited directly"):
            self.client_a.with_user(self.manager).write(
                {"loyalty_level_id": self.gold.id}
            )
        self.assertEqual(self.client_a.loyalty_points, 50)
        self.assertFalse(self.client_a.loyalty_level_id)

    def test_expiry_cron_twice(self):
        old = self._earn(self.client_a, self.event)
        self._earn(self.client_a, self.event_2)
        self.assertEqual(
            old.expiry_date, self._today() + relativedelta(months=24), "default: 24"
        )
        self._redeem(self.advisor_a, self.client_a, self.gift)  # 50 + 30 spent
        later = self._today() + relativedelta(months=24, days=1)
        with freeze_time(later):
            self.Entry._cron_loyalty()
            self.Entry._cron_loyalty()
        expired = self._ledger(self.client_a, "expire")
        self.assertEqual(len(expired), 1, "what is left of the second, once")
        self.assertEqual(expired.points, -20)
        self.assertEqual(self.client_a.loyalty_points, 0)
        self.assertEqual(
            self._ledger(self.client_a, "earn").mapped("points_remaining"), [0, 0]
        )
        # levels moved with the window too: nothing earned in the last 12 months
        self.assertFalse(self.client_a.loyalty_level_id)

    def test_points_due_expire_before_a_redemption(self):
        self._earn(self.client_a, self.event)
        self._earn(self.client_a, self.event_2)
        with freeze_time(self._today() + relativedelta(months=25)):
            with self._refused(UserError, "has 0 points"):
                self._redeem(self.advisor_a, self.client_a, self.gift)

    def test_level_thresholds_over_the_rolling_window(self):
        self.env.company.advisory_loyalty_window_months = 12
        self.env["advisory.loyalty.rule"]._rule_by_code("event").points = 300
        today = self._today()
        with freeze_time(today - relativedelta(months=11)):
            self._earn(self.client_a, self.event)
        self.assertEqual(self.client_a.loyalty_level_id, self.silver)
        self._earn(self.client_a, self.event_2)
        self.assertEqual(self.client_a.loyalty_points_window, 600)
        self.assertEqual(self.client_a.loyalty_level_id, self.gold)
        # two months later the first 300 points left the window
        with freeze_time(today + relativedelta(months=2)):
            self.Entry._cron_loyalty()
            self.assertEqual(self.client_a.loyalty_level_id, self.silver)
        # still counted in the balance
        self.assertEqual(self.client_a.loyalty_points, 600)
        # thresholds are configuration: the levels follow
        self.gold.threshold = 250
        self.env.flush_all()
        self.assertEqual(self.client_a.loyalty_level_id, self.gold)


@tagged("post_install", "-at_install")
class TestLoyaltyContracts(EngagementCase):
    def test_signed_contract_and_renewal_earn_once(self):
        Entry = self.env["advisory.loyalty.entry"]
        contract = self._signed_contract()  # 500,000: 1 point per 1,000
        entries = Entry.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(entries.mapped("points"), [500])
        self.assertEqual(entries.source_ref, contract)
        contract._advisory_loyalty_earn_on_sign()
        self.assertEqual(Entry.search_count([("partner_id", "=", self.client_a.id)]), 1)
        with freeze_time("2026-12-20"):
            renewal = self.env["advisory.contract"].browse(
                contract.action_renew()["res_id"]
            )
        renewal.action_submit()
        renewal.with_user(self.legal).validate_tier()
        renewal.write({"signed_date": date(2026, 12, 28), "signer_name": "Li Wei"})
        renewal.action_sign()
        entries = Entry.search(
            [("partner_id", "=", self.client_a.id), ("res_id", "=", renewal.id)]
        )
        self.assertEqual(
            sorted(entries.mapped("rule_id.code")), ["contract", "renewal"]
        )
        self.assertEqual(self.client_a.loyalty_points, 500 + 500 + 200)


@tagged("post_install", "-at_install")
class TestLoyaltyCronQueries(LoyaltyCase):
    """The daily job's queries do not grow with the number of clients."""

    def _clients_with_points(self, count):
        clients = self.env["res.partner"]
        for index in range(count):
            clients |= self._client(f"LQ{index} Co", self.advisor_a)
        event = self.env["event.event"].create(
            {
                "name": f"LQ event {count}",
                "date_begin": fields.Datetime.now(),
                "date_end": fields.Datetime.now() + timedelta(hours=1),
            }
        )
        self.Entry._advisory_loyalty_earn_many(
            "event", [(client, event, None) for client in clients]
        )
        return clients

    def _run(self, clients):
        later = self._today() + relativedelta(months=24, days=1)
        with freeze_time(later):
            self.env.invalidate_all()
            self.env.flush_all()
            queries = self.cr.sql_log_count
            self.Entry._cron_loyalty()
            self.env.flush_all()
            count = self.cr.sql_log_count - queries
        self.assertEqual(
            set(clients.mapped("loyalty_points")), {0}, "everything expired"
        )
        return count

    def test_query_count_constant(self):
        self._run(self._clients_with_points(2))  # warm-up
        few = self._run(self._clients_with_points(5))
        many = self._run(self._clients_with_points(50))
        self.assertEqual(few, many)
