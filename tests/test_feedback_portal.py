"""The client side of feedback over HTTP: portal isolation, the portal form (CSRF,
errors, attachments), the closed-loop links without login, and a browser tour."""

import re

from odoo.tests import HttpCase, new_test_user, tagged

from .portal_common import portal_user


@tagged("post_install", "-at_install")
class TestFeedbackPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="fb_portal_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create(
            {
                "name": "Portal Alpha Ltd",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.client_b = Partner.create(
            {"name": "Portal Beta Ltd", "is_company": True, "is_advisory_client": True}
        )
        cls.portal_a = portal_user(cls.client_a, "fb_portal_a", "a@alpha.example.com")
        cls.portal_b = portal_user(cls.client_b, "fb_portal_b", "b@beta.example.com")
        Feedback = cls.env["advisory.feedback"]
        cls.ticket_a = Feedback.create(
            {
                "subject": "Alpha ticket",
                "partner_id": cls.client_a.id,
                "description": "A",
            }
        )
        cls.ticket_b = Feedback.create(
            {
                "subject": "Beta ticket",
                "partner_id": cls.client_b.id,
                "description": "B",
            }
        )

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_portal_isolation(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        listing = self.url_open("/my/feedback")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Alpha ticket", listing.text)
        self.assertNotIn("Beta ticket", listing.text)
        own = self.url_open(f"/my/feedback/{self.ticket_a.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("Alpha ticket", own.text)
        other = self.url_open(f"/my/feedback/{self.ticket_b.id}")
        self.assertEqual(other.status_code, 404)
        self.assertNotIn("Beta ticket", other.text)
        missing = self.url_open("/my/feedback/999999")
        self.assertEqual(missing.status_code, 404)
        # nor through the closed-loop routes, nor with a wrong token
        wrong = self.url_open(
            f"/my/feedback/{self.ticket_b.id}/confirm?access_token=nope"
        )
        self.assertEqual(wrong.status_code, 404)
        home = self.url_open("/my")
        self.assertIn("/my/feedback", home.text)

    def test_portal_form_errors_and_creation(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        page = self.url_open("/my/feedback/new")
        self.assertEqual(page.status_code, 200)
        csrf = self._csrf(page.text)
        # no CSRF token: refused, nothing created
        Feedback = self.env["advisory.feedback"]
        count = Feedback.search_count([])
        refused = self.url_open(
            "/my/feedback/new",
            data={"subject": "x", "description": "y", "category": "fees"},
        )
        self.assertNotEqual(refused.status_code, 200)
        # bad input: the form comes back with the errors and the typed text
        bad = self.url_open(
            "/my/feedback/new",
            data={
                "csrf_token": csrf,
                "subject": "",
                "description": "Typed text stays",
                "category": "no_such_category",
                "priority": "3",
            },
        )
        self.assertEqual(bad.status_code, 200)
        self.assertIn("Give your feedback a short title.", bad.text)
        self.assertIn("Choose a category.", bad.text)
        self.assertIn("Choose a priority.", bad.text)
        self.assertIn("Typed text stays", bad.text)
        self.assertEqual(Feedback.search_count([]), count)
        # a program named as a PDF: refused, the typed text stays, no ticket
        refused = self.url_open(
            "/my/feedback/new",
            data={
                "csrf_token": csrf,
                "subject": "Fees unclear",
                "description": "The success fee base is unclear.",
                "category": "fees",
                "priority": "1",
            },
            files={"attachments": ("invoice.pdf", b"MZ\x90\x00program", "text/plain")},
        )
        self.assertEqual(refused.status_code, 200)
        self.assertIn("invoice.pdf cannot be sent", refused.text)
        self.assertEqual(Feedback.search_count([]), count)
        good = self.url_open(
            "/my/feedback/new",
            data={
                "csrf_token": csrf,
                "subject": "Fees unclear",
                "description": "The success fee base is unclear.",
                "category": "fees",
                "priority": "1",
            },
            files={
                "attachments": ("invoice.pdf", b"%PDF-1.4 invoice 42", "text/plain")
            },
        )
        self.assertEqual(good.status_code, 200)
        ticket = Feedback.search([("subject", "=", "Fees unclear")])
        self.assertEqual(ticket.partner_id, self.client_a)
        self.assertEqual(ticket.contact_id, self.portal_a.partner_id)
        self.assertEqual(ticket.channel, "portal")
        self.assertEqual(ticket.user_id, self.advisor)
        self.assertEqual(ticket.state, "new")
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "advisory.feedback"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["invoice.pdf"])
        self.assertEqual(attachments.mimetype, "application/pdf", "from the content")
        self.assertIn(f"/my/feedback/{ticket.id}", good.url)

    def test_closed_loop_links_without_login(self):
        for ticket, decision, state in (
            (self.ticket_a, "confirm", "closed"),
            (self.ticket_b, "reopen", "in_progress"),
        ):
            ticket.write({"resolution": "Fixed.", "root_cause": "Cause."})
            ticket.action_resolve()
            url = ticket.get_portal_url(suffix=f"/{decision}")
            page = self.url_open(url)  # anonymous: the token is enough
            self.assertEqual(page.status_code, 200)
            self.assertEqual(ticket.state, "resolved", "a GET changes nothing")
            answer = self.url_open(
                url,
                data={
                    "csrf_token": self._csrf(page.text),
                    "access_token": ticket.access_token,
                    "comment": "Thanks",
                },
            )
            self.assertEqual(answer.status_code, 200)
            self.assertIn("o_feedback_decided", answer.text)
            self.assertEqual(ticket.state, state)
        self.assertTrue(self.ticket_a.closed_on)
        self.assertEqual(self.ticket_b.reopen_count, 1)
        self.assertTrue(
            any("Thanks" in (m.body or "") for m in self.ticket_b.message_ids)
        )

    def test_portal_tour_submits_feedback(self):
        self.start_tour(
            "/my/feedback", "advisory_feedback_portal_tour", login="fb_portal_a"
        )
        ticket = self.env["advisory.feedback"].search(
            [("subject", "=", "Quarterly report arrived late")]
        )
        self.assertEqual(ticket.partner_id, self.client_a)
        self.assertEqual(ticket.category, "communication")
