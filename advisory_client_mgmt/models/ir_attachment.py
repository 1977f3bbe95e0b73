from odoo import models
from odoo.exceptions import UserError

from .advisory_contract import SIGNED_STATES
from .advisory_fund_usage_report import EDITABLE_STATES as REPORT_EDITABLE_STATES

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
    """Files that record what was checked or signed are frozen with their
    document: the files of a verified client document, the evidence of a
    use-of-funds report handed in, the signed document of a signed contract.
    Changing or deleting one would replace, silently, what a manager verified or
    what the client signed (a new version, a corrected report or an amendment is
    the way)."""

    _inherit = "ir.attachment"

    def write(self, vals):
        if not self.env.su and set(vals) & set(FILE_FIELDS):
            self._check_frozen_files()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_frozen_files()
        return super().unlink()

    def _check_frozen_files(self):
        if not self:
            return
        # sudo: the freeze holds whoever may write the file, also a user who cannot
        # read the document
        env = self.sudo().with_context(active_test=False).env
        checks = (
            (
                env["advisory.client.document"].search(
                    [
                        ("attachment_ids", "in", self.ids),
                        ("state", "in", FROZEN_DOCUMENT_STATES),
                    ],
                    limit=1,
                ),
                self.env._(
                    "This file belongs to the client document %(document)s, which "
                    "is verified: it cannot be changed or deleted. Upload a new "
                    "version of the document instead."
                ),
            ),
            (
                env["advisory.fund.usage.report"].search(
                    [
                        ("attachment_ids", "in", self.ids),
                        ("state", "not in", REPORT_EDITABLE_STATES),
                    ],
                    limit=1,
                ),
                self.env._(
                    "This file is evidence of the use-of-funds report "
                    "%(document)s, which is handed in: it cannot be changed or "
                    "deleted."
                ),
            ),
            (
                env["advisory.contract"].search(
                    [
                        ("signed_document_id", "in", self.ids),
                        ("state", "in", SIGNED_STATES),
                    ],
                    limit=1,
                ),
                self.env._(
                    "This file is the signed document of contract %(document)s: "
                    "it cannot be changed or deleted."
                ),
            ),
        )
        for frozen, message in checks:
            if frozen:
                raise UserError(message % {"document": frozen.display_name})
