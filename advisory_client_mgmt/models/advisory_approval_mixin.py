import secrets

from odoo import api, models
from odoo.exceptions import UserError

STATE_CHANGE_KEY = "advisory_state_change"
# Any RPC caller chooses its context: the actions mark their own status writes with a
# value that exists only inside this server, so no caller can send it.
STATE_CHANGE_TOKEN = secrets.token_hex(16)


class AdvisoryStateMixin(models.AbstractModel):
    """A ``state`` that only the documents' actions change.

    ``write`` (and ``create`` beyond the first states) refuse a new ``state`` unless
    it comes from :meth:`_write_state` (or the superuser): a status change skipping
    the checks of the ``action_*`` methods is refused.
    """

    _name = "advisory.state.mixin"
    _description = "Advisory Status Changed by Actions"

    @api.model
    def _initial_states(self):
        """States a record may be created in."""
        return ("draft",)

    def _state_write_allowed(self):
        return (
            self.env.su or self.env.context.get(STATE_CHANGE_KEY) == STATE_CHANGE_TOKEN
        )

    def _raise_state_write(self, names):
        raise UserError(
            self.env._(
                "The status of %(records)s changes through its buttons (submit, "
                "approve, sign, ...), it cannot be edited directly.",
                records=", ".join(names),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._state_write_allowed():
            initial = self._initial_states()
            refused = [
                vals.get("name") or self._description
                for vals in vals_list
                if vals.get("state") and vals["state"] not in initial
            ]
            if refused:
                self._raise_state_write(refused)
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not self._state_write_allowed():
            changed = self.filtered(lambda record: record.state != vals["state"])
            if changed:
                self._raise_state_write(changed.mapped("display_name"))
        return super().write(vals)

    def _write_state(self, state, **values):
        """Move the records of ``self`` to ``state`` (and write ``values``): for the
        actions, once they checked the transition."""
        return self.with_context(**{STATE_CHANGE_KEY: STATE_CHANGE_TOKEN}).write(
            dict(values, state=state)
        )

    def _check_state_in(self, states, action_label):
        """Refuse ``action_label`` (a verb phrase: "be signed") unless every record
        of ``self`` is in one of ``states``; the caller must be allowed to write."""
        self.check_access("write")
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in states:
                raise UserError(
                    self.env._(
                        "%(document)s %(name)s cannot %(action)s: it is %(state)s "
                        "(possible from %(allowed)s).",
                        document=self.env["ir.model"]._get(self._name).name,
                        name=record.display_name,
                        action=action_label,
                        state=record._state_label(),
                        allowed=", ".join(labels[state] for state in states),
                    )
                )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(
            self.state, self.state
        )


class AdvisoryApprovalMixin(models.AbstractModel):
    """Internal approval through OCA ``tier.validation``.

    ``action_submit`` of the consumers calls :meth:`_request_review`; when the last
    review is validated the document moves to its ``_state_to`` by itself, when a
    review is rejected it goes back to draft and its reviews are reset (the rejection
    stays in the chatter).
    """

    _name = "advisory.approval.mixin"
    _description = "Advisory Internal Approval"
    _inherit = ("advisory.state.mixin", "tier.validation")

    _tier_validation_manual_config = False
    _draft_state = "draft"

    def _tier_definitions_apply(self):
        """Whether a tier definition applies to this record (its company, its
        domain)."""
        self.ensure_one()
        definitions = self.env["tier.definition"].search(
            [
                ("model", "=", self._name),
                ("company_id", "in", [False] + self._get_company().ids),
            ]
        )
        return any(self.evaluate_tier(definition) for definition in definitions)

    def _request_review(self):
        """Create the reviews of the records of ``self`` (in ``_state_from``);
        approve at once the records no tier applies to."""
        # need_validation is computed without dependencies: drop what an earlier
        # read of the form left in the cache
        self.invalidate_recordset(["need_validation", "review_ids"])
        reviews = self.request_validation()
        reviewed_ids = set(reviews.mapped("res_id"))
        self.filtered(lambda record: record.id not in reviewed_ids)._do_approve()
        return reviews

    def write(self, vals):
        # reviewers may read documents they cannot change: tell them so before
        # tier.validation refuses the write "under validation"
        self.check_access("write")
        return super().write(vals)

    def validate_tier(self):
        result = super().validate_tier()
        # XML-RPC cannot return None: True unless a comment wizard opens
        return True if result is None else result

    def reject_tier(self):
        result = super().reject_tier()
        return True if result is None else result

    def restart_validation(self):
        result = super().restart_validation()
        return True if result is None else result

    def _validate_tier(self, tiers=False):
        # validate_tier(), over RPC or from the form, and the comment wizard end here
        result = super()._validate_tier(tiers)
        self._after_tier_review()
        return result

    def _rejected_tier(self, tiers=False):
        # reject_tier() and the comment wizard end here
        result = super()._rejected_tier(tiers)
        self._after_tier_review()
        return result

    def _after_tier_review(self):
        """Follow the outcome of a review: every tier validated → approved, a tier
        rejected → back to draft."""
        if self.env.context.get(STATE_CHANGE_KEY):
            # a status write of ours asked tier.validation for the review: that
            # write moves the record itself
            return
        for record in self:
            if record[record._state_field] not in record._state_from:
                continue
            if record.validation_status == "validated":
                record._do_approve()
            elif record.validation_status == "rejected":
                record._do_review_rejected()

    def _do_approve(self):
        if not self:
            return
        self.invalidate_recordset(["need_validation"])
        # sudo: the last reviewer may only read the document (legal review,
        # executive approval); the approval is the outcome of the reviews they
        # validated, not an edit of theirs
        self.sudo()._write_state(self._state_to[0])

    def _do_review_rejected(self):
        self.ensure_one()
        rejections = self.review_ids.filtered(
            lambda review: review.status == "rejected"
        )
        reviewers = rejections.mapped("done_by.name")
        comments = [comment for comment in rejections.mapped("comment") if comment]
        if comments:
            body = self.env._(
                "Rejected in review by %(reviewers)s (%(comments)s): back to draft.",
                reviewers=", ".join(reviewers),
                comments="; ".join(comments),
            )
        else:
            body = self.env._(
                "Rejected in review by %(reviewers)s: back to draft.",
                reviewers=", ".join(reviewers),
            )
        # sudo: the reviewer who rejects may only read the document (see
        # _do_approve); the reviews restart from scratch at the next submission
        document = self.sudo()
        document.review_ids.unlink()
        document._write_state(self._draft_state)
        document.message_post(body=body)
