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
        # no closing survey to a client without its consent: noted on the client
        # and on the project instead
        refused_clients = self.engagement_id.partner_id._advisory_consent_missing(
            "survey"
        )
        refused = self.filtered(
            lambda project: project.engagement_id.partner_id in refused_clients
        )
        refused._advisory_note_survey_skipped()
        # the closing survey: sent when the client has someone to send it to
        (self - refused).filtered(
            lambda project: (
                project.engagement_id.partner_id._advisory_survey_recipients()
            )
        )._advisory_send_project_surveys()
        return result

    def _advisory_note_survey_skipped(self):
        """Note on the projects of ``self`` and on their clients that the closing
        survey was not sent for lack of the client's consent."""
        if not self:
            return
        # sudo: the notes go to the client holding the consent (the commercial
        # partner), whoever closed the project
        by_client = self.sudo().grouped(
            lambda project: project.engagement_id.partner_id.commercial_partner_id
        )
        sentences = {
            client.id: self.env._(
                "The closing survey of project %(projects)s was not sent.",
                projects=", ".join(projects.mapped("display_name")),
            )
            for client, projects in by_client.items()
        }
        clients = self.engagement_id.partner_id
        clients._advisory_note_survey_skipped(sentences)
        # sudo: the project's note is the system's, whoever closed the project
        self.sudo()._message_log_batch(
            {
                project.id: self.env._(
                    "The closing survey was not sent. %(reason)s",
                    reason=project.engagement_id.partner_id._advisory_consent_refusal(
                        "survey"
                    ),
                )
                for project in self
            }
        )

    def _advisory_send_project_surveys(self):
        answers = self.env["survey.user_input"]
        for project in self:
            engagement = project.engagement_id
            answers |= engagement.partner_id._advisory_send_surveys(
                project=project, engagement=engagement
            )
        return answers
