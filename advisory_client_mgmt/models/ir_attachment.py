from odoo import models
from odoo.exceptions import UserError

# what changes a file (its content, or the record it belongs to)
FILE_FIELDS = (
    "raw",
    "datas",
    "db_datas",
    "store_fname",
    "url",
    "type",
    "res_model",
    "res_id",
)
# a client document whose files are the record of what was checked
FROZEN_DOCUMENT_STATES = ("verified", "expired")


class IrAttachment(models.Model):
    """The files of a verified client document are frozen with it: changing or
    deleting one would replace, silently, what a manager verified (a new version of
    the document is the way)."""

    _inherit = "ir.attachment"

    def write(self, vals):
        if not self.env.su and set(vals) & set(FILE_FIELDS):
            self._check_client_document_files()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_client_document_files()
        return super().unlink()

    def _check_client_document_files(self):
        if not self:
            return
        # sudo: the freeze holds whoever may write the file, also a user who cannot
        # read the document
        frozen = (
            self.env["advisory.client.document"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("attachment_ids", "in", self.ids),
                    ("state", "in", FROZEN_DOCUMENT_STATES),
                ],
                limit=1,
            )
        )
        if frozen:
            raise UserError(
                self.env._(
                    "This file belongs to the client document %(document)s, which "
                    "is verified: it cannot be changed or deleted. Upload a new "
                    "version of the document instead.",
                    document=frozen.display_name,
                )
            )
