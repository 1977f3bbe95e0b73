from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # the Service quality dashboard groups the satisfaction answers by service line
    # (not stored: read_group follows the relation to the engagement)
    advisory_service_line_ids = fields.Many2many(
        related="advisory_engagement_id.service_line_ids",
        string="Service Lines",
        groups="advisory_client_mgmt.group_advisory_user",
    )
