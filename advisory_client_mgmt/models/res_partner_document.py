from odoo import api, fields, models
from odoo.exceptions import UserError

from ..fields import NullableFloat
from .advisory_document import VALID_STATES
from .advisory_protected_mixin import ADVISOR_GROUP

CLOSED_ENGAGEMENT_STATES = ("done", "cancelled")
# what the file's status follows (risk_level is added by advisory_risk_rating)
FILE_DEPENDS = (
    "is_advisory_client",
    "advisory_document_ids.state",
    "advisory_document_ids.type_id",
    "advisory_document_ids.waived_by_id",
    "advisory_document_ids.active",
    "advisory_engagement_ids.state",
    "advisory_engagement_ids.service_line_ids",
)


class ResPartner(models.Model):
    """The client's due-diligence file: which documents its situation requires now,
    how complete the file is, and the gate that keeps work from going on without
    it."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    advisory_document_ids = fields.One2many(
        "advisory.client.document",
        "partner_id",
        string="Client Documents",
        groups=ADVISOR_GROUP,
    )
    advisory_engagement_ids = fields.One2many(
        "advisory.engagement",
        "partner_id",
        string="Engagements (documents)",
        groups=ADVISOR_GROUP,
    )
    document_completeness = NullableFloat(
        compute="_compute_document_status",
        store=True,
        groups=ADVISOR_GROUP,
        protected=True,
        aggregator="avg",
        string="Document File Completeness",
        help="Share of the documents the client's situation requires now that are "
        "valid (verified, or received when the type needs no verification) or "
        "waived. Empty for a contact that is not a client.",
    )
    # stored with the completeness (one computation for both, when the file, the
    # engagements or the rules change): the client form reads them, it does not
    # work them out
    document_missing_type_ids = fields.Many2many(
        "advisory.document.type",
        "advisory_partner_missing_document_rel",
        "partner_id",
        "type_id",
        compute="_compute_document_status",
        store=True,
        protected=True,
        string="Missing Documents",
        groups=ADVISOR_GROUP,
    )
    document_count = fields.Integer(
        compute="_compute_document_count", groups=ADVISOR_GROUP
    )
    document_expiring_count = fields.Integer(
        compute="_compute_document_count", groups=ADVISOR_GROUP
    )

    @api.depends(*FILE_DEPENDS)
    def _compute_document_status(self):
        # the lists stored now, read for all the partners at once: assigning a
        # stored many2many reads its previous value, one query per partner
        self.filtered("id").fetch(["document_missing_type_ids"])
        for partner, (required, missing) in self._document_file_status().items():
            partner.document_missing_type_ids = missing
            if not partner.is_advisory_client:
                partner.document_completeness = False
            elif not required:
                partner.document_completeness = 1.0
            else:
                partner.document_completeness = 1 - len(missing) / len(required)

    def _document_file_status(self):
        """{partner: (required types, missing types)} of the partners of ``self``:
        what the client's situation requires now, and what its file lacks (a type
        is there when a document of it is valid or waived)."""
        Type = self.env["advisory.document.type"]
        # the rules are read once for all the partners computed together
        types = Type.sudo().search([("requirement", "!=", "optional")])
        # the engagements and documents of all the partners at once (a filtered
        # recordset prefetches only its own records)
        clients = self.filtered("is_advisory_client")
        engagements = clients.advisory_engagement_ids
        engagements.fetch(["state", "service_line_ids", "partner_id"])
        # the types compare the engagement's commercial partner with the client
        # (_applies_to): read for all the engagements' partners at once, not per
        # client (an engagement of a filtered recordset prefetches only itself)
        engagements.partner_id.fetch(["commercial_partner_id"])
        clients.advisory_document_ids.fetch(["state", "type_id", "waived_by_id"])
        status = {}
        for partner in self:
            if not partner.is_advisory_client:
                status[partner] = (Type, Type)
                continue
            engagements = partner.advisory_engagement_ids.filtered(
                lambda e: e.state not in CLOSED_ENGAGEMENT_STATES
            )
            required = types.filtered(
                lambda t, p=partner, e=engagements: t._applies_to(p, e)
            )
            satisfied = partner.advisory_document_ids.filtered(
                lambda d: d.waived_by_id
                or d.state == "verified"
                or (d.state in VALID_STATES and not d.type_id.needs_verification)
            ).type_id
            status[partner] = (required, required - satisfied)
        return status

    def _compute_document_count(self):
        Document = self.env["advisory.client.document"]
        counts = dict(
            Document._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        expiring = dict(
            Document._read_group(
                [("partner_id", "in", self.ids), ("is_expiring", "=", True)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.document_count = counts.get(partner, 0)
            partner.document_expiring_count = expiring.get(partner, 0)

    def action_view_documents(self):
        return self._advisory_action(
            "advisory_client_mgmt.advisory_client_document_action"
        )

    def action_request_missing_documents(self):
        """Open a request (a missing document) for each required type the file
        lacks and that is not requested yet."""
        self.check_access("write")
        Document = self.env["advisory.client.document"]
        vals_list = []
        for partner in self:
            requested = partner.advisory_document_ids.filtered(
                lambda d: d.state in ("missing", "received")
            ).type_id
            vals_list += [
                {
                    "partner_id": partner.id,
                    "type_id": doc_type.id,
                    "company_id": (partner.company_id or self.env.company).id,
                }
                for doc_type in partner.document_missing_type_ids - requested
            ]
        Document.create(vals_list)
        return self.action_view_documents()

    def _check_documents_complete(self, action_label):
        """Refuse ``action_label`` while a client's file lacks a required document
        (when the company asks for complete files), naming what is missing."""
        for partner in self.commercial_partner_id:
            company = partner.company_id or self.env.company
            if not company.advisory_document_gate:
                continue
            # sudo: the gate reads the file of the client of the document being
            # submitted, whoever submits it (a reviewer may not read the file)
            missing = partner.sudo().document_missing_type_ids
            if missing:
                raise UserError(
                    self.env._(
                        "%(client)s's file lacks %(documents)s: collect and verify "
                        "them (or have a manager waive them) before you %(action)s.",
                        client=partner.name,
                        documents=", ".join(missing.mapped("name")),
                        action=action_label,
                    )
                )

    def _schedule_document_renewal(self):
        """One to-do per client for its relationship manager listing the expired
        documents to renew, unless one is still open."""
        # the expired documents of the whole batch at once
        expired = self.env["advisory.client.document"].search(
            [
                ("partner_id", "in", self.ids),
                ("state", "=", "expired"),
                ("superseded_by_id", "=", False),
            ]
        )
        self._advisory_schedule_todo(
            self.env.ref(
                "advisory_client_mgmt.mail_activity_type_advisory_document_renewal"
            ),
            self.env._("Renew client documents"),
            {
                partner: self.env._(
                    "Expired: %(documents)s",
                    documents=", ".join(
                        expired.filtered(
                            lambda d, p=partner: d.partner_id == p
                        ).type_id.mapped("name")
                    ),
                )
                for partner in self
            },
        )
