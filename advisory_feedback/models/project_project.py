from odoo import models
from odoo.exceptions import UserError

from odoo.addons.advisory_client_mgmt.fields import NullableFloat, NullableInteger
from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
)


class ProjectProject(models.Model):
    _inherit = "project.project"

    advisory_satisfaction = NullableFloat(
        string="Client Satisfaction (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Average satisfaction of the completed surveys about this project.",
        groups=ADVISOR_GROUP,
    )
    advisory_nps = NullableInteger(
        string="NPS Answer",
        readonly=True,
        copy=False,
        help="Last 0-10 recommendation answer about this project.",
        groups=ADVISOR_GROUP,
    )

    def action_send_satisfaction_survey(self):
        """Send the satisfaction survey about this project to the client now."""
        self._check_can_send_satisfaction_survey()
        return self._advisory_send_project_surveys()._advisory_sent_notification()

    def _check_can_send_satisfaction_survey(self):
        self.check_access("read")
        for project in self:
            if not project.engagement_id:
                raise UserError(
                    self.env._(
                        "%(project)s is not the project of an engagement: there is no "
                        "client to survey.",
                        project=project.display_name,
                    )
                )
        self.engagement_id.check_access("write")
        self.engagement_id.partner_id._check_can_send_satisfaction_survey()

    def _advisory_after_close(self):
        result = super()._advisory_after_close()
        # the closing survey: sent when the client has someone to send it to
        self.filtered(
            lambda project: (
                project.engagement_id.partner_id._advisory_survey_recipients()
            )
        )._advisory_send_project_surveys()
        return result

    def _advisory_send_project_surveys(self):
        answers = self.env["survey.user_input"]
        for project in self:
            engagement = project.engagement_id
            answers |= engagement.partner_id._advisory_send_surveys(
                project=project, engagement=engagement
            )
        return answers
