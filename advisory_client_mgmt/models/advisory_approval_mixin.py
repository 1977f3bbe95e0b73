from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class AdvisoryStateMixin(models.AbstractModel):
    """A ``state`` that only the documents' actions change.

    ``state`` is a protected field (``advisory.protected.mixin``): the actions
    check the transition (``_check_can_*``), then write it with
    :meth:`_write_state`.
    """

    _name = "advisory.state.mixin"
    _description = "Advisory Status Changed by Actions"
    _inherit = "advisory.protected.mixin"

    # True: every creation and change of state of a record is recorded in
    # advisory.stage.event (the stage durations of the process KPIs), whatever
    # writes it (actions, reviews, scheduled jobs)
    _advisory_stage_tracked = False

    advisory_can_act = fields.Boolean(
        compute="_compute_advisory_can_act",
        string="Can Act",
        help="Technical: the current user may change this record, so the form shows "
        "its workflow buttons (a reader such as a reviewer does not get buttons that "
        "would only answer with an access error).",
    )

    @api.depends_context("uid")
    def _compute_advisory_can_act(self):
        writable = self._filtered_access("write")
        for record in self:
            record.advisory_can_act = record in writable

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._advisory_stage_tracked:
            self.env["advisory.stage.event"]._log_states(records)
        return records

    def write(self, vals):
        if not (self._advisory_stage_tracked and "state" in vals):
            return super().write(vals)
        # one read for the batch (the state is in the cache after the checks)
        old_states = {record.id: record.state for record in self}
        result = super().write(vals)
        self.env["advisory.stage.event"]._log_states(self, old_states)
        return result

    def _write_state(self, state, **values):
        """Move the records of ``self`` to ``state`` (and write ``values``): for the
        actions, once they checked the transition."""
        return self._as_system().write(dict(values, state=state))

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
    _cancel_state = "cancelled"

    # the reviews are the firm's: a client reading her proposal or contract in the
    # portal (record rules) reads none of them
    review_ids = fields.One2many(groups="base.group_user")
    reviewer_ids = fields.Many2many(groups="base.group_user")
    can_review = fields.Boolean(groups="base.group_user")
    need_validation = fields.Boolean(groups="base.group_user")
    validated = fields.Boolean(groups="base.group_user")
    rejected = fields.Boolean(groups="base.group_user")
    validation_status = fields.Selection(groups="base.group_user")
    next_review = fields.Char(groups="base.group_user")
    to_validate_message = fields.Html(groups="base.group_user")
    validated_message = fields.Html(groups="base.group_user")
    rejected_message = fields.Html(groups="base.group_user")
    has_comment = fields.Boolean(groups="base.group_user")
    hide_reviews = fields.Boolean(groups="base.group_user")

    def _request_review(self):
        """Create the reviews of the records of ``self`` (in ``_state_from``);
        approve at once the records no tier applies to."""
        # need_validation is computed without dependencies: drop what an earlier
        # read of the form left in the cache
        self.invalidate_recordset(["need_validation", "review_ids"])
        # _as_system: reviews are created by the submission only (tier.review
        # refuses them from users), the action checked the submission
        reviews = self._as_system().request_validation()
        # tier.review's res_id is a Many2oneReference: creating the reviews does
        # not update the documents' review_ids in the cache
        self.invalidate_recordset(["review_ids", "validation_status"])
        reviewed_ids = set(reviews.mapped("res_id"))
        self.filtered(lambda record: record.id not in reviewed_ids)._do_approve()
        return reviews

    # ------------------------------------------------------------------
    # Submission and cancellation: the same for every reviewed document
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        self._do_submit()
        return True

    def action_cancel(self):
        self._check_can_cancel()
        self._do_cancel()
        return True

    def _check_can_submit(self):
        """A draft is submitted; the consumers add what their document needs."""
        self._check_state_in((self._draft_state,), self.env._("be submitted"))

    def _do_submit(self):
        self._write_state(self._state_from[0])
        self._request_review()

    def _check_can_cancel(self):
        """The states a document is cancelled from are the consumer's: a consumer
        that does not say them cancels nothing."""
        self.check_access("write")
        raise UserError(
            self.env._(
                "%(document)s cannot be cancelled.",
                document=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _do_cancel(self):
        if self:
            self._write_state(self._cancel_state)

    def write(self, vals):
        # reviewers may read documents they cannot change: tell them so before
        # tier.validation refuses the write "under validation"
        self.check_access("write")
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_can_unlink_reviewed()
        # _as_system: reviews are deleted by the system only (tier.review refuses
        # users), here with their document once it may be deleted
        self._as_system().review_ids.unlink()
        return super().unlink()

    def _check_can_unlink_reviewed(self):
        for record in self:
            if record[record._state_field] in (*record._state_from, *record._state_to):
                raise UserError(
                    self.env._(
                        "%(document)s is under review or approved: it cannot be "
                        "deleted (cancel it instead).",
                        document=record.display_name,
                    )
                )

    @api.model
    def _frozen_states(self):
        """States after the approval: only the fields of the model's
        ``tier.validation.exception`` records allowed after validation change."""
        return tuple(self._state_to) + (self._cancel_state,)

    def _tier_validation_check_write_allowed(self, vals):
        if self.env.su:
            # the system's own writes (transitions, the re-rating superseding
            # thousands of ratings at once) record facts, not content: no lock
            # applies, and no search per record for the fields allowed
            return
        # tier.validation locks the approved state only; the document stays
        # frozen in the states that follow (presented, signed, active...)
        frozen = self.filtered(
            lambda record: record[record._state_field] in record._frozen_states()
        )
        if frozen and not frozen[0]._check_allow_write_after_validation(vals):
            allowed, refused = frozen[0]._get_fields_to_write_validation(
                vals, frozen[0]._get_after_validation_exceptions
            )
            raise ValidationError(
                self.env._(
                    "%(document)s is approved: %(refused)s can no longer change "
                    "(only %(allowed)s). A change needs a new version or an "
                    "amendment that is reviewed again.",
                    document=frozen[0].display_name,
                    refused=", ".join(refused),
                    allowed=", ".join(allowed) or self.env._("nothing"),
                )
            )
        super()._tier_validation_check_write_allowed(vals)

    # ------------------------------------------------------------------
    # tier.validation's public methods: reviews are decided by their reviewers
    # ------------------------------------------------------------------

    def _add_tier_validation_buttons(self, node, params):
        """Reviews are requested by submitting the document and restarted by
        submitting it again: OCA's Request / Restart Validation buttons would only
        answer with a refusal (see below), so the forms do not show them."""
        new_node = super()._add_tier_validation_buttons(node, params)
        for button in new_node.xpath(
            "//button[@name='request_validation' or @name='restart_validation']"
        ):
            button.getparent().remove(button)
        return new_node

    def request_validation(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A review is requested by submitting the document (Submit button)."
                )
            )
        return super().request_validation()

    def restart_validation(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Reviews restart when a document sent back to draft is submitted "
                    "again: they cannot be reset by hand."
                )
            )
        super().restart_validation()
        return True

    def validate_tier(self):
        self.ensure_one()
        if not self.env.su:
            self._check_can_decide_review(self._my_reviews())
        result = super(AdvisoryApprovalMixin, self._as_system()).validate_tier()
        # XML-RPC cannot return None: True unless a comment wizard opens
        return True if result is None else result

    def reject_tier(self):
        self.ensure_one()
        if not self.env.su:
            self._check_can_decide_review(self._my_reviews())
        result = super(AdvisoryApprovalMixin, self._as_system()).reject_tier()
        return True if result is None else result

    def _validate_tier(self, tiers=False):
        # validate_tier(), over RPC or from the form, and the comment wizard end here
        if not self.env.su:
            self._check_can_decide_review(tiers)
        result = super(AdvisoryApprovalMixin, self._as_system())._validate_tier(tiers)
        self._after_tier_review()
        return result

    def _rejected_tier(self, tiers=False):
        # reject_tier() and the comment wizard end here
        if not self.env.su:
            self._check_can_decide_review(tiers)
        result = super(AdvisoryApprovalMixin, self._as_system())._rejected_tier(tiers)
        self._after_tier_review()
        return result

    @api.model
    def _update_counter(self, review_counter):
        # sudo: moves the next tier's review to pending (its sequence is reached),
        # a consequence of the decision the reviewer took
        return super(AdvisoryApprovalMixin, self.sudo())._update_counter(review_counter)

    def _my_reviews(self):
        """The undecided reviews of ``self`` the current user may decide now."""
        self.ensure_one()
        sequences = self._get_sequences_to_approve(self.env.user)
        return self.review_ids.filtered(
            lambda review: review.status in ("waiting", "pending")
            and self.env.user in review.reviewer_ids
            and (review.sequence in sequences or review.approve_sequence_bypass)
        )

    def _check_can_decide_review(self, reviews):
        """Refuse a decision on ``reviews`` of the document ``self`` unless the
        current user is one of their reviewers, it is their turn, and she neither
        created nor submitted the document (four eyes, per tier definition)."""
        self.ensure_one()
        user = self.env.user
        reviews = reviews or self.review_ids
        if reviews - self.review_ids:
            raise AccessError(
                self.env._(
                    "These reviews do not belong to %(document)s.",
                    document=self.display_name,
                )
            )
        mine = reviews.filtered(
            lambda review: review.status in ("waiting", "pending")
            and user in review.reviewer_ids
        )
        if not mine:
            decided = reviews.filtered(
                lambda review: review.status in ("approved", "rejected")
                and user in review.reviewer_ids
            )[:1]
            if decided:
                # typically another reviewer's decision a moment earlier
                raise UserError(
                    self.env._(
                        "The review %(tier)s of %(document)s is already decided: "
                        "%(status)s by %(reviewer)s.",
                        tier=decided.name,
                        document=self.display_name,
                        status=dict(
                            decided._fields["status"]._description_selection(self.env)
                        )[decided.status],
                        reviewer=decided.done_by.name or "",
                    )
                )
            raise AccessError(
                self.env._(
                    "You are not a reviewer of the open reviews of %(document)s.",
                    document=self.display_name,
                )
            )
        if not mine & self._my_reviews():
            raise UserError(
                self.env._(
                    "The reviews of %(document)s are decided in order: %(next)s "
                    "comes first.",
                    document=self.display_name,
                    next=self.next_review or "",
                )
            )
        for review in mine.filtered("definition_id.advisory_four_eyes"):
            if user in (self.create_uid | review.requested_by):
                raise AccessError(
                    self.env._(
                        "You created or submitted %(document)s: another reviewer "
                        "decides its review %(tier)s (four eyes).",
                        document=self.display_name,
                        tier=review.name,
                    )
                )

    def _after_tier_review(self):
        """Follow the outcome of a review: every tier validated → approved, a tier
        rejected → back to draft."""
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
        # _write_state writes as the system: the last reviewer may only read the
        # document (legal review, executive approval); the approval is the outcome
        # of the reviews they validated, not an edit of theirs
        self._write_state(self._state_to[0])

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
        # _as_system: the reviewer who rejects may only read the document (see
        # _do_approve), and reviews are deleted by the system only; they restart
        # from scratch at the next submission
        document = self._as_system()
        document.review_ids.unlink()
        document._write_state(self._draft_state)
        document.message_post(body=body)
