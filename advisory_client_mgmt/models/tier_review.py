from odoo import api, models
from odoo.exceptions import AccessError

DECISIONS = ("approved", "rejected")


class TierReview(models.Model):
    _inherit = "tier.review"

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews.filtered(lambda review: review.status in DECISIONS)._check_reviewer()
        return reviews

    def write(self, vals):
        result = super().write(vals)
        if vals.get("status") in DECISIONS:
            self._check_reviewer()
        return result

    def _check_reviewer(self):
        """Only a reviewer of a tier approves or rejects it on an advisory document
        (tier.review is writable by every employee: validate_tier() and reject_tier()
        decide for the current user's reviews only, a direct write must not do
        more)."""
        if self.env.su:
            return
        mixin = self.pool["advisory.approval.mixin"]
        for review in self:
            if (
                review.model in self.env
                and isinstance(self.env[review.model], mixin)
                and self.env.user not in review.reviewer_ids
            ):
                raise AccessError(
                    self.env._(
                        "Only its reviewers can approve or reject the tier %(tier)s.",
                        tier=review.name,
                    )
                )
