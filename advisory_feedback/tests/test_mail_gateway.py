from odoo.tools import mute_logger

from .common import FeedbackCase

RAW = """Return-Path: <{email_from}>
From: {name} <{email_from}>
To: feedback@{domain}
Subject: {subject}
Message-ID: {msg_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


class TestFeedbackMailGateway(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("advisory_feedback.mail_alias_advisory_feedback")
        alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "advisory.example.com"}
        )
        cls.env.company.alias_domain_id = alias_domain
        cls.alias.alias_domain_id = alias_domain
        cls.domain = alias_domain.name

    def _raw(self, subject, body, msg_id, extra=""):
        return RAW.format(
            email_from=self.contact_a.email,
            name=self.contact_a.name,
            domain=self.domain,
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_incoming_mail_creates_ticket_and_reply_threads(self):
        Thread = self.env["mail.thread"]
        ticket_id = Thread.message_process(
            False,
            self._raw(
                "Our report is late", "We still wait for the Q3 report.", "<q3@alpha>"
            ),
        )
        ticket = self.env["advisory.feedback"].browse(ticket_id)
        self.assertEqual(ticket._name, "advisory.feedback")
        self.assertEqual(ticket.partner_id, self.client_a)
        self.assertEqual(ticket.contact_id, self.contact_a)
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.subject, "Our report is late")
        self.assertTrue(ticket.name.startswith("FB/"))
        self.assertIn("Q3 report", ticket.description)
        self.assertEqual(ticket.user_id, self.advisor_a)
        self.assertEqual(ticket.state, "new")
        reply_id = Thread.message_process(
            False,
            self._raw(
                "Re: Our report is late",
                "Any news?",
                "<q3-reply@alpha>",
                extra="In-Reply-To: <q3@alpha>\nReferences: <q3@alpha>\n",
            ),
        )
        self.assertEqual(reply_id, ticket.id, "the reply threads into the ticket")
        self.assertEqual(
            self.env["advisory.feedback"].search_count(
                [("partner_id", "=", self.client_a.id)]
            ),
            1,
        )
        self.assertTrue(any("Any news?" in (m.body or "") for m in ticket.message_ids))
