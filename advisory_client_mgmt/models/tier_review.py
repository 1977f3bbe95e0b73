from odoo import api, models
from odoo.exceptions import AccessError

UNDECIDED = ("waiting", "pending")


class TierReview(models.Model):
    _inherit = "tier.review"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            self._is_advisory_model(vals.get("model")) for vals in vals_list
        ):
            self._refuse_review_change()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_review_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_advisory(self):
        if not self.env.su and any(
            self._is_advisory_model(review.model) for review in self
        ):
            self._refuse_review_change()

    # ------------------------------------------------------------------

    def _is_advisory_model(self, model_name):
        return bool(
            model_name
            and model_name in self.env
            and isinstance(self.env[model_name], self.pool["advisory.approval.mixin"])
        )

    def _check_review_write(self, vals):
        """On advisory documents, the reviews are created, decided and deleted by
        the document's tier methods (in superuser mode, after their checks): a user
        only writes the comment of an undecided review she is a reviewer of (the
        comment wizard of base_tier_validation)."""
        reviews = self.filtered(lambda review: self._is_advisory_model(review.model))
        if not reviews and not self._is_advisory_model(vals.get("model")):
            return
        if set(vals) - {"comment"} or any(
            review.status not in UNDECIDED or self.env.user not in review.reviewer_ids
            for review in reviews
        ):
            self._refuse_review_change()

    def _refuse_review_change(self):
        raise AccessError(
            self.env._(
                "Reviews of advisory documents are requested by submitting the "
                "document and decided by their reviewers with the Validate and "
                "Reject buttons: they cannot be created, changed or deleted "
                "otherwise."
            )
        )
