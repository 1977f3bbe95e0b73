from odoo import fields, models

from .advisory_portal_sign_mixin import STAFF


class AdvisoryEngagementDocumentMixin(models.AbstractModel):
    """A document of an engagement that the firm reviews (``advisory.approval.mixin``)
    and the client decides on in the portal (``advisory.portal.sign.mixin``):
    proposals and contracts. Its client and company are the engagement's."""

    _name = "advisory.engagement.document.mixin"
    _description = "Advisory Engagement Document Reviewed and Decided by the Client"
    # the approval mixin first: it drops the caller's context keys that would
    # skip the tier checks or the tracking before mail.thread reads them
    _inherit = (
        "advisory.approval.mixin",
        "advisory.portal.sign.mixin",
        "mail.thread",
        "mail.activity.mixin",
    )

    engagement_id = fields.Many2one(
        "advisory.engagement",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    engagement_state = fields.Selection(
        related="engagement_id.state",
        string="Engagement Status",
        groups=STAFF,
        help="Technical: no contract or proposal work on a done or cancelled "
        "engagement, so the form hides those buttons.",
    )
    partner_id = fields.Many2one(
        related="engagement_id.partner_id",
        store=True,
        index=True,
        string="Client",
        protected=True,
    )
    company_id = fields.Many2one(
        related="engagement_id.company_id",
        store=True,
        index=True,
        precompute=True,
        protected=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        default=lambda self: self.env.company.currency_id,
    )
    # the portal user reads the documents of her client (record rule) but none of
    # the firm's internal fields: the reviews (advisory.approval.mixin), the
    # activities, whether the reader may act
    advisory_can_act = fields.Boolean(groups=STAFF)
    activity_type_icon = fields.Char(groups=STAFF)
    activity_exception_decoration = fields.Selection(groups=STAFF)
    activity_exception_icon = fields.Char(groups=STAFF)
