"""Demo satisfaction answers, feedback tickets, improvement actions and a review.

Demo only: :meth:`AdvisoryFeedback._demo_create_feedback` is called once, from
``demo/advisory_feedback_demo.xml``, when the addon is installed with demo data.
Ticket statuses change through their actions only, so the method creates the records
and runs the actions; dates are relative to the day of the installation.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

MODULE = "advisory_feedback"
# (CSAT answer level per question 0-4, NPS 0-10, months ago)
DEMO_ANSWERS = [
    ((4, 4, 4, 4, 3), 10, 1),
    ((3, 4, 3, 3, 3), 9, 2),
    ((3, 3, 2, 3, 2), 8, 4),
    ((2, 2, 2, 1, 2), 6, 1),
    ((1, 1, 2, 1, 0), 3, 3),
    ((4, 3, 4, 4, 4), 9, 7),
]


class AdvisoryFeedback(models.Model):
    _inherit = "advisory.feedback"

    @api.model
    def _demo_create_feedback(self):
        """Answered surveys with a spread of scores, tickets in every status (with
        breached and escalated ones), improvement actions and a review. Demo only;
        runs once."""
        if self.env.ref(f"{MODULE}.demo_feedback_closed", raise_if_not_found=False):
            return False
        clients = self.env["res.partner"].search(
            [("is_advisory_client", "=", True), ("is_company", "=", True)],
            order="id",
            limit=6,
        )
        if not clients:
            return False
        self._demo_answers(clients)
        tickets = self._demo_tickets(clients)
        self._demo_improvement(tickets)
        return True

    def _demo_answers(self, clients):
        csat = self.env.ref(f"{MODULE}.survey_advisory_csat")
        nps = self.env.ref(f"{MODULE}.survey_advisory_nps")
        nps_question = nps.question_ids[:1]
        now = fields.Datetime.now()
        for client, (levels, nps_value, months) in zip(
            clients, DEMO_ANSWERS, strict=False
        ):
            answered = now - relativedelta(months=months)
            # the invitation went out a few days before the answer
            sent = {"advisory_sent_on": (answered - timedelta(days=3)).date()}
            csat_input = csat._create_answer(
                partner=client, check_attempts=False, **sent
            )
            lines = []
            for question, level in zip(csat.question_ids, levels, strict=False):
                answer = question.suggested_answer_ids.sorted("sequence")[level]
                lines.append(
                    Command.create(
                        {
                            "question_id": question.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": answer.id,
                        }
                    )
                )
            csat_input.write(
                {
                    "predefined_question_ids": [Command.set(csat.question_ids.ids)],
                    "user_input_line_ids": lines,
                }
            )
            nps_input = nps._create_answer(partner=client, check_attempts=False, **sent)
            nps_input.write(
                {
                    "predefined_question_ids": [Command.set(nps.question_ids.ids)],
                    "user_input_line_ids": [
                        Command.create(
                            {
                                "question_id": nps_question.id,
                                "answer_type": "scale",
                                "value_scale": nps_value,
                            }
                        )
                    ],
                }
            )
            inputs = csat_input | nps_input
            inputs._mark_done()
            inputs.write({"end_datetime": answered})
        clients._advisory_update_satisfaction()
        clients.write({"advisory_survey_last_sent": fields.Date.today()})

    def _demo_tickets(self, clients):
        now = fields.Datetime.now()
        specs = [
            # xml id, subject, client index, category, priority, channel, age, steps
            ("new", "Question about the fee schedule", 0, "fees", "1", "email", 1, []),
            (
                "acknowledged",
                "Meeting minutes not received",
                1,
                "communication",
                "1",
                "phone",
                3,
                ["ack"],
            ),
            (
                "in_progress",
                "Proposal figures inconsistent",
                2,
                "proposal_quality",
                "2",
                "meeting",
                5,
                ["start"],
            ),
            (
                "resolved",
                "Report delivered late",
                3,
                "service_quality",
                "1",
                "portal",
                8,
                ["start", "resolve"],
            ),
            (
                "closed",
                "Thank you for the financing support",
                4,
                "praise",
                "0",
                "email",
                20,
                ["ack", "resolve", "close"],
            ),
            (
                "breached",
                "Advisor unreachable for two weeks",
                5 % len(clients),
                "complaint",
                "2",
                "phone",
                12,
                [],
            ),
            (
                "escalated",
                "Wrong tax figures in the plan",
                2 % len(clients),
                "complaint",
                "3",
                "meeting",
                15,
                ["start"],
            ),
            (
                "reopened",
                "Invoice amount disputed",
                1 % len(clients),
                "fees",
                "1",
                "email",
                25,
                ["start", "resolve", "reopen"],
            ),
            (
                "suggestion",
                "Quarterly newsletter on regulations",
                0,
                "suggestion",
                "0",
                "meeting",
                30,
                ["ack", "resolve", "close"],
            ),
        ]
        tickets = self.browse()
        for key, subject, index, category, priority, channel, age, steps in specs:
            client = clients[index % len(clients)]
            ticket = self.create(
                {
                    "subject": subject,
                    "partner_id": client.id,
                    "category": category,
                    "priority": priority,
                    "channel": channel,
                    "user_id": client.relationship_manager_id.id,
                    "description": subject + ".",
                    "date_received": now - timedelta(days=age),
                }
            )
            for step in steps:
                if step == "ack":
                    ticket.action_acknowledge()
                elif step == "start":
                    ticket.action_start()
                elif step == "resolve":
                    ticket.write(
                        {
                            "resolution": "We corrected the document and sent it "
                            "again with an explanation.",
                            "root_cause": "The review step was skipped under time "
                            "pressure.",
                        }
                    )
                    ticket.action_resolve()
                elif step == "close":
                    ticket.action_close()
                elif step == "reopen":
                    ticket.action_reopen()
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"{MODULE}.demo_feedback_{key}",
                        "record": ticket,
                        "noupdate": True,
                    }
                ]
            )
            tickets |= ticket
        # the breached and escalated tickets: the escalation cron sees them late
        self._cron_escalate()
        escalated = self.env.ref(f"{MODULE}.demo_feedback_escalated")
        escalated.write({"next_escalation": now - timedelta(hours=1)})
        self._cron_escalate()
        return tickets

    def _demo_improvement(self, tickets):
        today = fields.Date.today()
        start = today.replace(day=1) - relativedelta(months=3)
        manager = (
            self.env.ref(
                "advisory_client_mgmt.user_advisory_manager", raise_if_not_found=False
            )
            or self.env.user
        )
        review = self.env["advisory.process.review"].create(
            {
                "name": "Service review, last quarter",
                "period_type": "quarter",
                "date_from": start,
                "date_to": start + relativedelta(months=3, days=-1),
                "user_id": manager.id,
                "participant_ids": [Command.set((manager | self.env.user).ids)],
                "findings": "<p>Late deliveries and slow first answers drive most "
                "complaints; clients praise the financing expertise.</p>",
                "feedback_ids": [Command.set(tickets.ids)],
            }
        )
        actions = self.env["advisory.improvement.action"].create(
            [
                {
                    "name": "Second-reader check before any report leaves",
                    "review_id": review.id,
                    "feedback_id": self.env.ref(f"{MODULE}.demo_feedback_resolved").id,
                    "user_id": manager.id,
                    "date_deadline": today + timedelta(days=30),
                },
                {
                    "name": "Acknowledge every client mail within 4 working hours",
                    "review_id": review.id,
                    "feedback_id": self.env.ref(f"{MODULE}.demo_feedback_breached").id,
                    "user_id": manager.id,
                    "date_deadline": today - timedelta(days=5),
                },
                {
                    "name": "Fee schedule explained in the proposal template",
                    "review_id": review.id,
                    "user_id": manager.id,
                    "date_deadline": today - timedelta(days=20),
                    "outcome": "The proposal template has a fee section with an "
                    "example.",
                },
            ]
        )
        actions[0].action_start()
        actions[2].action_done()
        review.action_done()
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{MODULE}.demo_process_review",
                    "record": review,
                    "noupdate": True,
                }
            ]
        )
