from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.models.advisory_portal_sign_mixin import STAFF


class AdvisoryProposal(models.Model):
    """A fee discount the client redeemed with her loyalty points is applied to
    her next proposal, once: when that proposal is submitted for review (the fee
    the reviewers approve and the client sees is the net fee; a draft may still
    be abandoned). Its new versions keep the discount. When the proposal is
    rejected in review (back to draft), cancelled or declined by the client, the
    discount is given back: the redemption waits for the client's next proposal
    again (a draft resubmitted takes it again), unless another version of the
    offer still holds it."""

    _inherit = "advisory.proposal"

    loyalty_entry_id = fields.Many2one(
        "advisory.loyalty.entry",
        string="Loyalty Reward",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        protected=True,
        groups=STAFF,
        help="The fee discount redeemed by the client and applied to this proposal.",
    )
    loyalty_discount_percent = fields.Float(
        string="Loyalty Discount (%)", readonly=True, copy=False, protected=True
    )
    loyalty_discount_amount = fields.Monetary(
        string="Loyalty Discount",
        compute="_compute_fee_net",
        store=True,
        protected=True,
    )
    fee_net = fields.Monetary(
        string="Fee after Discount",
        compute="_compute_fee_net",
        store=True,
        protected=True,
        help="The fee estimate less the loyalty discount.",
    )

    @api.depends("fee_estimate", "loyalty_discount_percent", "currency_id")
    def _compute_fee_net(self):
        for proposal in self:
            discount = proposal.fee_estimate * proposal.loyalty_discount_percent / 100
            if proposal.currency_id:
                discount = proposal.currency_id.round(discount)
            proposal.loyalty_discount_amount = discount
            proposal.fee_net = proposal.fee_estimate - discount

    def _advisory_agreed_fee(self):
        # the client accepts the fee net of her loyalty discount (the fee itself
        # without one)
        self.ensure_one()
        return self.fee_net

    def _do_submit(self):
        self._advisory_apply_loyalty_discount()
        return super()._do_submit()

    def _do_review_rejected(self):
        result = super()._do_review_rejected()
        self._advisory_release_loyalty_discount(back_to_draft=True)
        return result

    def _do_reject(self):
        result = super()._do_reject()
        self._advisory_release_loyalty_discount()
        return result

    def _do_cancel(self):
        result = super()._do_cancel()
        self._advisory_release_loyalty_discount()
        return result

    def _do_new_version(self):
        proposal = super()._do_new_version()
        if self.loyalty_entry_id:
            # the new version is the same offer: it keeps the discount applied
            proposal._as_system().write(
                {
                    "loyalty_entry_id": self.loyalty_entry_id.id,
                    "loyalty_discount_percent": self.loyalty_discount_percent,
                }
            )
        return proposal

    def _advisory_apply_loyalty_discount(self):
        """Apply to each proposal of ``self`` without a discount the oldest fee
        discount its client redeemed and that is still pending; the redemption
        is marked applied. Its row is locked first (``FOR UPDATE``): of two
        proposals submitted at once, one gets it, the other waits and (the
        transaction retried) finds it applied."""
        Entry = self.env["advisory.loyalty.entry"]
        Entry.flush_model(["partner_id", "discount_state", "date"])
        for proposal in self:
            # sudo: the discount is read and applied by the system, whatever
            # the submitting user may read of the client's points ledger
            if proposal.sudo().loyalty_entry_id:
                continue
            client = proposal.partner_id.commercial_partner_id
            if not client:
                continue
            self.env.cr.execute(
                SQL(
                    """
                    SELECT id
                      FROM advisory_loyalty_entry
                     WHERE partner_id = %s AND discount_state = 'pending'
                     ORDER BY date, id
                     LIMIT 1
                       FOR UPDATE
                    """,
                    client.id,
                )
            )
            row = self.env.cr.fetchone()
            if not row:
                continue
            entry = Entry._as_system().browse(row[0])
            entry.invalidate_recordset(["discount_state"])
            if entry.discount_state != "pending":
                continue
            entry.write(
                {"discount_state": "applied", "applied_proposal_id": proposal.id}
            )
            proposal._as_system().write(
                {
                    "loyalty_entry_id": entry.id,
                    "loyalty_discount_percent": entry.discount_percent,
                }
            )
            proposal._as_system().message_post(
                body=self.env._(
                    "Loyalty reward applied: %(percent)s %% fee discount (%(reward)s).",
                    percent=entry.discount_percent,
                    reward=entry.reward_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _advisory_release_loyalty_discount(self, back_to_draft=False):
        """Give back the fee discount of the proposals of ``self`` (rejected,
        cancelled or declined; see the class): pending again, or moved to the
        version of the offer that still holds it. Back to draft the discount is
        cleared; a cancelled or declined proposal keeps its figures."""
        # sudo: the system gives the discount back, whatever the acting user
        # may read of the client's points ledger
        proposals = self.sudo().filtered("loyalty_entry_id")
        if not proposals:
            return
        holders = self.sudo().search(
            [
                ("loyalty_entry_id", "in", proposals.loyalty_entry_id.ids),
                ("id", "not in", proposals.ids),
                ("state", "not in", ("cancelled", "rejected")),
            ],
            order="version desc, id desc",
        )
        for proposal in proposals:
            entry = proposal.loyalty_entry_id
            holder = holders.filtered(
                lambda other, entry=entry: other.loyalty_entry_id == entry
            )[:1]
            if holder and back_to_draft:
                # the draft is still a version of the offer that holds it
                continue
            vals = {"loyalty_entry_id": False}
            if back_to_draft:
                vals["loyalty_discount_percent"] = 0.0
            proposal._as_system().write(vals)
            if holder:
                if entry.applied_proposal_id == proposal:
                    entry._as_system().write({"applied_proposal_id": holder.id})
                continue
            entry._as_system().write(
                {"discount_state": "pending", "applied_proposal_id": False}
            )
            proposal._as_system().message_post(
                body=self.env._(
                    "Loyalty reward given back: the %(percent)s %% fee discount "
                    "(%(reward)s) waits for the client's next proposal.",
                    percent=entry.discount_percent,
                    reward=entry.reward_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
