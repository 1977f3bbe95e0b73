import base64
import binascii

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import image_process

STAFF = "base.group_user"
MAX_SIGNER_NAME = 128
MAX_SIGNATURE_SIZE = 2 * 1024 * 1024  # bytes of the drawn signature (a PNG)


class AdvisoryPortalSignMixin(models.AbstractModel):
    """A document the client decides on in the portal: it is sent to the client's
    contacts with a link to its portal page, where the client signs it (name and
    drawn signature, Odoo's portal signature form).

    The signature, the signer's name, the time and the IP address are facts that
    only :meth:`_portal_record_signature` writes (protected fields), called by the
    model's ``_portal_*`` decision method after the same checks as the staff's
    buttons. The portal routes call those methods on the record they checked the
    access to (the client's commercial partner, or the document's access token).
    """

    _name = "advisory.portal.sign.mixin"
    _description = "Advisory Document Decided in the Portal"
    _inherit = ("portal.mixin", "advisory.protected.mixin")

    portal_sent_on = fields.Datetime(
        string="Sent to the Client On",
        readonly=True,
        copy=False,
        protected=True,
        help="When the document was last sent to the client with the link to its "
        "page in the portal.",
    )
    portal_signature = fields.Binary(
        string="Online Signature",
        readonly=True,
        copy=False,
        protected=True,
        help="The signature the client drew in the portal.",
    )
    portal_signed_by = fields.Char(
        string="Signed Online By",
        readonly=True,
        copy=False,
        protected=True,
        help="The name the client's signer typed in the portal.",
    )
    portal_signed_on = fields.Datetime(
        string="Signed Online On", readonly=True, copy=False, protected=True
    )
    portal_signed_ip = fields.Char(
        string="Signed Online From",
        readonly=True,
        copy=False,
        protected=True,
        groups=STAFF,
        help="The IP address the online signature came from.",
    )

    def _portal_recipients(self):
        """Who receives the link: the client's contacts with an email address, or
        the client itself when it has no such contact."""
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        contacts = client.child_ids.filtered(
            lambda contact: contact.type == "contact" and contact.email
        )
        return contacts or client.filtered("email")

    def _portal_send(self, template_xmlid):
        """Mail the link to the portal page of each document of ``self`` to its
        client's contacts (the template names the link), and note when."""
        template = self.env.ref(template_xmlid)
        for record in self:
            recipients = record._portal_recipients()
            if not recipients:
                record.message_post(
                    body=self.env._(
                        "No contact of %(client)s has an email address: share the "
                        "link to %(document)s from the Share action.",
                        client=record.partner_id.display_name,
                        document=record.display_name,
                    )
                )
                continue
            # _as_system: the link's access token and the sending time are the
            # system's facts (protected); the caller checked the action
            record._as_system()._portal_ensure_token()
            record._as_system().write({"portal_sent_on": fields.Datetime.now()})
            record.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=recipients.ids,
            )

    def _portal_clean_signature(self, name, signature):
        """The signer's name and the signature (base64 PNG) as given in the portal,
        or a ``UserError`` saying what is missing or wrong."""
        name = (name or "").strip()
        if not name:
            raise UserError(self.env._("Type your name to sign."))
        if len(name) > MAX_SIGNER_NAME:
            raise UserError(
                self.env._(
                    "The name is limited to %(count)s characters.",
                    count=MAX_SIGNER_NAME,
                )
            )
        if not signature:
            raise UserError(self.env._("Draw your signature to sign."))
        try:
            raw = base64.b64decode(signature, validate=True)
        except (binascii.Error, TypeError, ValueError) as error:
            raise UserError(self.env._("The signature could not be read.")) from error
        if len(raw) > MAX_SIGNATURE_SIZE:
            raise UserError(self.env._("The signature image is too large."))
        try:
            # an image that opens (not any file), of a sane resolution
            image_process(raw, verify_resolution=True)
        except (UserError, ValueError, OSError) as error:
            raise UserError(self.env._("The signature could not be read.")) from error
        return name, base64.b64encode(raw)

    def _portal_record_signature(self, name, signature, ip_address, **values):
        """Record who signed ``self`` online, when and from where (protected
        facts), with ``values``; the caller checked the transition."""
        self.ensure_one()
        name, signature = self._portal_clean_signature(name, signature)
        self._as_system().write(
            dict(
                values,
                portal_signature=signature,
                portal_signed_by=name,
                portal_signed_on=fields.Datetime.now(),
                portal_signed_ip=(ip_address or "")[:64] or False,
            )
        )
        return name

    def _portal_author(self):
        """The partner the client's decisions are posted as: the portal user, or
        the client when the link was opened without login."""
        user = self.env.user
        if user._is_public() or not user.share:
            return self.partner_id
        return user.partner_id

    def _portal_post_decision(self, body):
        """Say in the chatter of the document and of its engagement what the
        client decided online."""
        author = self._portal_author()
        for thread in (self, self.engagement_id):
            # sudo: the client cannot post on the engagement (staff only); the
            # decision's message is the system's record of it
            thread.sudo().message_post(
                body=Markup("<p>%s</p>") % body,
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note" if thread != self else "mail.mt_comment",
            )
