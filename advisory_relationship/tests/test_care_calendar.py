from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RelationshipCase


@tagged("post_install", "-at_install")
class TestCareCalendar(RelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["advisory.care.holiday"].search([]).active = False
        cls.spring = cls.env["advisory.care.holiday"].create(
            {"name": "Test Spring Festival", "date": "2027-02-06"}
        )
        rules = cls.env["advisory.care.rule"]
        rules.search([]).active = False
        cls.template = cls.env.ref("advisory_relationship.mail_template_care_greeting")
        # activities for the contacts of the clients of tier A, emails for the others
        rules.create(
            [
                {"sequence": 1, "value_tier": "A", "action": "gift", "days_ahead": 5},
                {
                    "sequence": 2,
                    "action": "mail",
                    "mail_template_id": cls.template.id,
                    "days_ahead": 5,
                },
            ]
        )
        cls.contact_a.birthday = date(1980, 2, 3)
        cls.client_b.founding_date = date(2005, 2, 4)
        cls.client_a._as_system().value_tier = "A"
        cls.Occasion = cls.env["advisory.care.occasion"]

    def _occasions(self, partner=None):
        domain = [("kind", "!=", False)]
        if partner:
            domain = [("partner_id", "=", partner.id)]
        return self.Occasion.search(domain)

    def _greetings(self, occasions):
        return self.env["mail.mail"].search(
            [("model", "=", "advisory.care.occasion"), ("res_id", "in", occasions.ids)]
        )

    def test_birthday_anniversary_holiday_once(self):
        with freeze_time("2027-02-01"):
            self.Occasion._cron_care_occasions()
            occasions_a = self._occasions(self.client_a)
            occasions_b = self._occasions(self.client_b)
            # A: the contact's birthday (Feb 3), the holiday (Feb 6): gifts to plan
            self.assertEqual(
                sorted(occasions_a.mapped("kind")), ["birthday", "holiday"]
            )
            self.assertEqual(set(occasions_a.mapped("state")), {"activity"})
            self.assertEqual(occasions_a.activity_id.user_id, self.advisor_a)
            self.assertTrue(
                all(
                    "gift" in summary
                    for summary in occasions_a.activity_id.mapped("summary")
                )
            )
            # B: the founding anniversary (Feb 4) and the holiday: greeting emails
            self.assertEqual(
                sorted(occasions_b.mapped("kind")), ["anniversary", "holiday"]
            )
            self.assertEqual(set(occasions_b.mapped("state")), {"sent"})
            greetings = self._greetings(occasions_b)
            self.assertEqual(len(greetings), 2)
            self.assertEqual(greetings.recipient_ids, self.client_b)
            # twice the same day, or the next days: nothing new
            self.Occasion._cron_care_occasions()
        with freeze_time("2027-02-03"):
            self.Occasion._cron_care_occasions()
        self.assertEqual(self._occasions(self.client_a), occasions_a)
        self.assertEqual(self._occasions(self.client_b), occasions_b)
        self.assertEqual(len(self._greetings(occasions_b)), 2)
        self.assertEqual(len(occasions_a.activity_id), 2)
        # next year, the birthday comes again
        with freeze_time("2028-02-01"):
            self.Occasion._cron_care_occasions()
        self.assertEqual(
            self._occasions(self.client_a).filtered(lambda o: o.year == 2028).kind,
            "birthday",
        )

    def test_leap_day_birthday_on_28_february(self):
        self.contact_a.birthday = date(1984, 2, 29)
        with freeze_time("2027-02-24"):
            self.Occasion._cron_care_occasions()
        birthday = self._occasions(self.client_a).filtered(
            lambda o: o.kind == "birthday"
        )
        self.assertEqual(birthday.date, date(2027, 2, 28))

    def test_not_yet_outside_the_window(self):
        with freeze_time("2027-01-20"):
            self.Occasion._cron_care_occasions()
        self.assertFalse(
            self._occasions(self.client_a) | self._occasions(self.client_b)
        )

    def test_no_consent_nothing_sent_noted_once(self):
        self.client_b.marketing_consent = False
        self.client_a.marketing_consent = False
        notes_before = self.client_b.message_ids
        with freeze_time("2027-02-01"):
            self.Occasion._cron_care_occasions()
            self.Occasion._cron_care_occasions()
        occasions = self._occasions(self.client_a) | self._occasions(self.client_b)
        self.assertEqual(len(occasions), 4)
        self.assertEqual(set(occasions.mapped("state")), {"no_consent"})
        self.assertFalse(self._greetings(occasions))
        self.assertFalse(occasions.activity_id)
        notes = (self.client_b.message_ids - notes_before).filtered(
            lambda message: "No greeting" in message.body
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("No greeting was sent", notes.body)
        self.assertIn("marketing", notes.body.lower())

    def test_opt_out_no_email(self):
        self.env["mail.blacklist"]._add(self.client_b.email)
        with freeze_time("2027-02-01"):
            self.Occasion._cron_care_occasions()
        occasions = self._occasions(self.client_b)
        self.assertEqual(set(occasions.mapped("state")), {"opt_out"})
        self.assertFalse(self._greetings(occasions))

    def test_churned_client_not_greeted(self):
        self.client_b._as_system().write(
            {"lifecycle_state": "churned", "churn_reason": "Moved abroad"}
        )
        with freeze_time("2027-02-01"):
            self.Occasion._cron_care_occasions()
        self.assertFalse(self._occasions(self.client_b))

    def test_advisor_sees_own_clients_occasions(self):
        with freeze_time("2027-02-01"):
            self.Occasion._cron_care_occasions()
        as_a = self.Occasion.with_user(self.advisor_a)
        self.assertEqual(as_a.search([]).partner_id, self.client_a)
        self.assertEqual(self.client_a.with_user(self.advisor_a).care_occasion_count, 2)
        other = self._occasions(self.client_b)[:1]
        with self.assertRaises(AccessError):
            other.with_user(self.advisor_a).read(["name"])
        # what was done is the system's fact
        with self.assertRaises(UserError):
            self._occasions(self.client_a)[:1].with_user(self.advisor_a).write(
                {"state": "planned"}
            )
        self.assertLessEqual(
            self.client_a | self.client_b,
            self.Occasion.with_user(self.manager).search([]).partner_id,
        )
        # the configuration is the managers'
        with self.assertRaises(AccessError):
            self.spring.with_user(self.advisor_a).write({"date": "2027-02-07"})
        self.spring.with_user(self.manager).write({"date": "2027-02-07"})


@tagged("post_install", "-at_install")
class TestCareCalendarQueries(RelationshipCase):
    """The daily job's queries do not grow with the number of clients."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["advisory.care.holiday"].search([]).active = False
        cls.env["advisory.care.rule"].search([]).active = False
        cls.env["advisory.care.rule"].create(
            [
                {"sequence": 1, "value_tier": "A", "action": "call", "days_ahead": 3},
                {
                    "sequence": 2,
                    "action": "mail",
                    "mail_template_id": cls.env.ref(
                        "advisory_relationship.mail_template_care_greeting"
                    ).id,
                    "days_ahead": 3,
                },
            ]
        )
        # (the demo occasions have xml ids: removing them clears the caches)
        cls.env["advisory.care.occasion"].search([]).unlink()
        cls.holidays = cls.env["advisory.care.holiday"].create(
            [
                {"name": "Test Holiday One", "date": "2027-03-02"},
                {"name": "Test Holiday Two", "date": "2027-03-03"},
            ]
        )

    def _make_clients(self, count):
        clients = self.env["res.partner"]
        for index in range(count):
            client = self._client(f"Q{index} Co", self.advisor_a)
            client.founding_date = date(2001, 3, 2)
            client.child_ids.birthday = date(1970, 3, 3)
            if index % 2:
                client._as_system().value_tier = "A"
            if index % 3 == 0:
                client.marketing_consent = False
            clients |= client
        return clients

    def _run(self, holiday):
        # one holiday at a time: each run has its occasions to create
        self.holidays.active = False
        holiday.active = True
        self.env["advisory.care.occasion"].search([]).unlink()
        # the relationship manager follows each client she gets an activity on:
        # every run starts without followers
        self.env["mail.followers"].search(
            [
                ("res_model", "=", "res.partner"),
                ("partner_id", "=", self.advisor_a.partner_id.id),
            ]
        ).unlink()
        with freeze_time("2027-03-01"):
            self.env.invalidate_all()
            queries = self.cr.sql_log_count
            self.env["advisory.care.occasion"]._cron_care_occasions()
            self.env.flush_all()
            return self.cr.sql_log_count - queries

    def test_query_count_constant(self):
        self._make_clients(3)
        # warm up the caches (templates, rules, views)
        self._run(self.holidays[0])
        few = self._run(self.holidays[0])
        clients = self._make_clients(9)
        many = self._run(self.holidays[1])
        # every client: its anniversary, its contact's birthday, the holiday
        self.assertEqual(
            self.env["advisory.care.occasion"].search_count(
                [("partner_id", "in", clients.ids)]
            ),
            27,
        )
        self.assertEqual(few, many)
