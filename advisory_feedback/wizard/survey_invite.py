from odoo import models


class SurveyInvite(models.TransientModel):
    """The firm's satisfaction surveys shared from the Surveys app respect the
    client's consent as the advisory buttons do: no invitation to a contact whose
    client has not given the data processing consent."""

    _inherit = "survey.invite"

    def action_invite(self):
        if self.survey_id.advisory_survey_kind:
            self.partner_ids._advisory_check_consent("survey")
        return super().action_invite()
