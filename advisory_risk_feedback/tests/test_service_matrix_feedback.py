from datetime import date, datetime, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form

from odoo.addons.advisory_feedback.models.res_partner import (
    ResPartner as FeedbackPartner,
)
from odoo.addons.advisory_feedback.tests.common import FeedbackCase
from odoo.addons.advisory_risk_rating.tests.common import RiskCase

TODAY = date(2026, 3, 2)


@freeze_time("2026-03-02 09:00:00")
class TestServiceMatrixFeedback(RiskCase, FeedbackCase):
    """The feedback side of the service matrix: the priority floor of the tickets
    (with the SLA of that priority) and the survey frequency per row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].search(
            [
                ("is_advisory_client", "=", True),
                ("id", "not in", (cls.client_a | cls.client_b).ids),
            ]
        ).is_advisory_client = False
        # deadlines in plain hours: the SLA hours are easy to check
        cls.env.company.resource_calendar_id = False
        cls.Feedback = cls.env["advisory.feedback"]
        cls.sla_normal = cls.env.ref("advisory_feedback.advisory_feedback_sla_normal")
        cls.sla_high = cls.env.ref("advisory_feedback.advisory_feedback_sla_high")
        cls.row_a = cls.env.ref("advisory_risk_rating.service_matrix_a_unrated")
        cls.row_b = cls.env.ref("advisory_risk_rating.service_matrix_b_unrated")
        cls.row_c = cls.env.ref("advisory_risk_rating.service_matrix_c_unrated")
        # client A alone has signed value: tier A (floor: high), client B tier C
        cls._signed_contract(cls.client_a, 1000.0)

    @classmethod
    def _signed_contract(cls, client, amount):
        engagement = cls.env["advisory.engagement"].create({"partner_id": client.id})
        contract = cls.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "retainer",
                "amount": amount,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "signed_date": date(2026, 1, 15),
            }
        )
        # the fixture needs signed contracts, not the signing flow
        contract._write_state("active")

    def _recompute(self):
        self.env["res.partner"]._recompute_segments(self.company)
        self.env.flush_all()

    def _ticket(self, client, user=None, **values):
        vals = {"subject": "Late report", "partner_id": client.id}
        vals.update(values)
        return self.Feedback.with_user(user or self.advisor_a).create(vals)

    # ------------------------------------------------------------------
    # Ticket priority floor
    # ------------------------------------------------------------------

    def test_new_tickets_of_tier_a_get_the_floor_and_its_sla(self):
        self._recompute()
        self.assertEqual(self.client_a.service_matrix_id, self.row_a)
        self.assertEqual(self.row_a.ticket_priority_floor, "2")
        ticket = self._ticket(self.client_a)
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.sla_id, self.sla_high)
        received = ticket.date_received
        self.assertEqual(ticket.response_deadline, received + timedelta(hours=4))
        self.assertEqual(ticket.resolution_deadline, received + timedelta(hours=16))
        # through a contact of the client, from the mail gateway or the portal
        by_contact = self.Feedback.create(
            {"subject": "Question", "partner_id": self.contact_a.id}
        )
        self.assertEqual(by_contact.priority, "2")
        # above the floor: kept
        self.assertEqual(self._ticket(self.client_a, priority="3").priority, "3")
        # tier C: no floor
        ticket_b = self._ticket(self.client_b, user=self.advisor_b, priority="0")
        self.assertEqual(ticket_b.priority, "0")

    def test_open_tickets_are_raised_when_the_client_becomes_tier_a(self):
        self._recompute()
        ticket = self._ticket(self.client_b, user=self.advisor_b, priority="0")
        closed = self._ticket(self.client_b, user=self.advisor_b, priority="0")
        closed._write_state("closed")
        self._signed_contract(self.client_b, 9000.0)
        self._recompute()
        self.assertEqual(self.client_b.service_matrix_id, self.row_a)
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.sla_id, self.sla_high)
        self.assertEqual(
            ticket.resolution_deadline, ticket.date_received + timedelta(hours=16)
        )
        self.assertEqual(closed.priority, "0", "a closed ticket keeps its priority")
        # client A fell to tier B: its tickets keep their priority
        ticket_a = self._ticket(self.client_a, priority="3")
        self.assertEqual(self.client_a.service_matrix_id, self.row_b)
        written = (ticket.write_date, ticket_a.write_date, ticket_a.priority)
        self._recompute()
        self.assertEqual(
            (ticket.write_date, ticket_a.write_date, ticket_a.priority), written
        )

    def test_the_priority_cannot_go_below_the_floor(self):
        self._recompute()
        ticket = self._ticket(self.client_a)
        with self.assertRaisesRegex(ValidationError, "at least the priority High"):
            ticket.with_user(self.advisor_a).priority = "1"
        ticket.with_user(self.advisor_a).priority = "3"
        # the form raises it as soon as the client is chosen
        with Form(self.Feedback.with_user(self.advisor_a)) as form:
            form.subject = "Call me back"
            self.assertEqual(form.priority, "1")
            form.partner_id = self.client_a
            self.assertEqual(form.priority, "2")

    def test_the_floor_is_edited_in_the_matrix(self):
        self._recompute()
        self.row_c.with_user(self.manager).ticket_priority_floor = "3"
        self.assertEqual(self._ticket(self.client_b, user=self.advisor_b).priority, "3")
        with self.assertRaisesRegex(ValidationError, "survey interval"):
            self.row_c.with_user(self.manager).survey_interval_months = -1

    def test_lifting_queries_do_not_grow_with_the_tickets(self):
        def make(count):
            clients = self.env["res.partner"].create(
                [
                    {
                        "name": f"Floor {count}-{index}",
                        "is_company": True,
                        "is_advisory_client": True,
                        "relationship_manager_id": self.advisor_a.id,
                        "value_tier": "C",
                    }
                    for index in range(count)
                ]
            )
            self.env["res.partner"]._apply_service_matrix(self.company, clients)
            self.Feedback.create(
                [
                    {"subject": "Slow", "partner_id": client.id, "priority": "0"}
                    for client in clients
                ]
            )
            return clients

        def lift(clients):
            clients.write({"value_tier": "A"})
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.env["res.partner"]._apply_service_matrix(self.company, clients)
            self.env.flush_all()
            return self.cr.sql_log_count - start

        lift(make(2))  # warm-up
        few, many = make(4), make(20)
        self.assertEqual(lift(few), lift(many))
        tickets = self.Feedback.search([("partner_id", "in", many.ids)])
        self.assertEqual(set(tickets.mapped("priority")), {"2"})
        self.assertEqual(tickets.sla_id, self.sla_high)

    # ------------------------------------------------------------------
    # Survey frequency
    # ------------------------------------------------------------------

    def test_survey_frequency_per_tier(self):
        self._recompute()
        client_c = self._client("Matrix Yearly")
        self._recompute()
        self.assertEqual(client_c.service_matrix_id, self.row_c)
        unserved = self._client("Matrix New")  # no row applied yet
        clients = self.client_a | self.client_b | client_c | unserved
        # active clients that consented to the processing of their data
        clients.sudo().write(
            {"lifecycle_state": "active", "data_processing_consent": True}
        )
        for client, months in (
            (self.client_a, 4),  # tier A: every 3 months → due
            (self.client_b, 4),  # tier C: every 12 months → not due
            (client_c, 13),  # tier C, 13 months ago → due
            (unserved, 4),  # the company's 3 months → due
        ):
            client.sudo().advisory_survey_last_sent = TODAY - relativedelta(
                months=months
            )
        Partner = self.env["res.partner"]

        def due():
            domain = Partner._get_periodic_survey_domain(self.company, TODAY)
            return Partner.search(domain) & clients

        self.assertEqual(due(), self.client_a | client_c | unserved)
        # a row without its own interval follows the company's
        self.row_c.survey_interval_months = 0
        self.assertEqual(due(), clients)
        self.row_c.survey_interval_months = 12
        self.env.company.advisory_survey_interval = 6
        self.assertEqual(due(), self.client_a | client_c)
        # the periodic run sends to the due clients with a contact only
        with freeze_time(datetime(2026, 3, 2, 9)):
            Partner._cron_send_periodic_surveys()
        self.assertEqual(self.client_a.advisory_survey_last_sent, TODAY)
        self.assertEqual(
            self.client_b.advisory_survey_last_sent, TODAY - relativedelta(months=4)
        )

    def test_every_condition_on_the_due_day_follows_the_tier(self):
        """Another condition of the survey's domain compared with the company's due
        day (a skipped client waits for the next round) moves with the tier's
        interval too."""
        company_due = TODAY - relativedelta(months=3)

        def base_domain(partners, company, today):
            return [
                ("is_advisory_client", "=", True),
                "|",
                ("advisory_survey_last_sent", "=", False),
                ("advisory_survey_last_sent", "<=", company_due),
                "|",
                ("advisory_survey_skipped_on", "=", False),
                ("advisory_survey_skipped_on", "<=", company_due),
            ]

        with patch.object(FeedbackPartner, "_get_periodic_survey_domain", base_domain):
            domain = self.env["res.partner"]._get_periodic_survey_domain(
                self.company, TODAY
            )
        yearly = TODAY - relativedelta(months=12)
        self.assertIn(("advisory_survey_last_sent", "<=", yearly), domain)
        self.assertIn(("advisory_survey_skipped_on", "<=", yearly), domain)
        self.assertIn(("advisory_survey_skipped_on", "<=", company_due), domain)
