from odoo import api, fields, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    advisory_four_eyes = fields.Boolean(
        string="Four Eyes",
        default=True,
        help="On advisory documents: the user who created or submitted a document "
        "cannot decide this review, even when she is one of its reviewers.",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + [
            "advisory.proposal",
            "advisory.contract",
        ]
