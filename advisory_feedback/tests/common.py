from odoo import Command

from odoo.addons.advisory_client_mgmt.tests.common import AdvisoryCase


class FeedbackCase(AdvisoryCase):
    """The advisory roles and clients (both with the data processing consent), a
    contact with an email at client A, the shipped surveys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the clients agreed to the processing of their answers: the tests that
        # survey them mean to send (the refusals have their own tests)
        (cls.client_a | cls.client_b).write({"data_processing_consent": True})
        cls.contact_a = cls.env["res.partner"].create(
            {
                "name": "Lin Mei",
                "email": "lin.mei@alpha.example.com",
                "parent_id": cls.client_a.id,
                "type": "contact",
            }
        )
        cls.csat = cls.env.ref("advisory_feedback.survey_advisory_csat")
        cls.nps = cls.env.ref("advisory_feedback.survey_advisory_nps")

    def _answer(self, user_input, levels=None, nps=None):
        """Fill ``user_input`` like the client would (CSAT levels 0-4 per question,
        or the NPS 0-10) and complete it."""
        survey = user_input.survey_id
        lines = []
        if levels is not None:
            for question, level in zip(survey.question_ids, levels, strict=True):
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
        if nps is not None:
            lines.append(
                Command.create(
                    {
                        "question_id": survey.question_ids[:1].id,
                        "answer_type": "scale",
                        "value_scale": nps,
                    }
                )
            )
        user_input.write(
            {
                "predefined_question_ids": [Command.set(survey.question_ids.ids)],
                "user_input_line_ids": lines,
            }
        )
        user_input._mark_done()
        return user_input

    def _new_answer(self, survey, partner=None, **values):
        return survey._create_answer(
            partner=partner or self.contact_a, check_attempts=False, **values
        )
