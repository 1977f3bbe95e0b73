from odoo import api, fields, models

from .common import PROPOSAL_REVIEW_DEPTHS


class AdvisoryProposal(models.Model):
    _inherit = "advisory.proposal"

    review_depth = fields.Selection(
        PROPOSAL_REVIEW_DEPTHS,
        compute="_compute_review_depth",
        store=True,
        index=True,
        help="How deeply the manager reviews the proposal, from the service matrix "
        "row of the client (value tier × risk level); it follows the client while "
        "the proposal is a draft and is frozen when it is submitted.",
        protected=True,
        groups="base.group_user",
    )

    @api.depends("partner_id.service_matrix_id.proposal_review_depth", "state")
    def _compute_review_depth(self):
        for proposal in self:
            if proposal.state in ("draft", False):
                proposal.review_depth = (
                    proposal.partner_id.service_matrix_id.proposal_review_depth
                    or "standard"
                )
