from odoo import models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _advisory_after_done(self):
        """A client who answers a satisfaction survey earns the points of the
        ``survey`` loyalty rule, once per answer."""
        result = super()._advisory_after_done()
        # sudo: clients answer as the public user or as portal users; the ledger
        # is the firm's (written by the system)
        answers = self.sudo().filtered(
            lambda user_input: user_input.survey_id.advisory_survey_kind
            and not user_input.test_entry
            and user_input.state == "done"
            and user_input.advisory_partner_id
        )
        if answers:
            self.env["advisory.loyalty.entry"]._advisory_loyalty_earn_many(
                "survey",
                [(answer.advisory_partner_id, answer, None) for answer in answers],
            )
        return result
