import re

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from .advisory_protected_mixin import ADVISOR_GROUP, MANAGER_GROUP

# company-form words that do not tell two companies apart (longest first)
CJK_COMPANY_FORMS = re.compile(r"有限责任公司|股份有限公司|有限公司|股份公司|公司")
LATIN_COMPANY_FORMS = re.compile(
    r"\b(?:co\W*ltd|company\s+limited|limited|ltd|incorporated|inc|corporation|corp"
    r"|llc|gmbh|plc|ag|s\W?a|co)\b"
)
# mailbox providers: a shared domain says nothing about the company
PUBLIC_EMAIL_DOMAINS = {
    "126.com",
    "163.com",
    "139.com",
    "aliyun.com",
    "foxmail.com",
    "gmail.com",
    "hotmail.com",
    "icloud.com",
    "outlook.com",
    "qq.com",
    "sina.com",
    "sohu.com",
    "yahoo.com",
}
PHONE_KEY_DIGITS = 8
DUPLICATES_SHOWN = 10


def company_name_key(name):
    """The name without case, punctuation, spaces and company-form words: "Alpha
    Trading Co., Ltd.", "ALPHA TRADING LIMITED" and "Alpha Trading" share a key,
    as do "恒泰精密制造有限公司" and "恒泰精密制造"."""
    text = CJK_COMPANY_FORMS.sub(" ", (name or "").casefold())
    text = LATIN_COMPANY_FORMS.sub(" ", text)
    return re.sub(r"[\W_]+", "", text) or False


def email_domain_key(email):
    domain = (email or "").rpartition("@")[2].strip().casefold()
    return domain if domain and domain not in PUBLIC_EMAIL_DOMAINS else False


def phone_key(phone):
    digits = re.sub(r"\D", "", phone or "")
    return digits[-PHONE_KEY_DIGITS:] if len(digits) >= PHONE_KEY_DIGITS else False


class ResPartner(models.Model):
    """Possible duplicates of a company or client: same registration number, same
    normalised name, same company e-mail domain or same phone. A warning with a
    link, never a block (the registration number is unique per company already)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    advisory_name_key = fields.Char(
        compute="_compute_advisory_match_keys",
        store=True,
        index=True,
        groups=ADVISOR_GROUP,
        protected=True,
        string="Normalised Name",
    )
    advisory_email_domain = fields.Char(
        compute="_compute_advisory_match_keys",
        store=True,
        index=True,
        groups=ADVISOR_GROUP,
        protected=True,
        string="Company E-mail Domain",
    )
    advisory_phone_key = fields.Char(
        compute="_compute_advisory_match_keys",
        store=True,
        index=True,
        groups=ADVISOR_GROUP,
        protected=True,
        string="Phone Key",
    )
    advisory_duplicate_ids = fields.Many2many(
        "res.partner",
        compute="_compute_advisory_duplicate_ids",
        string="Possible Duplicates",
        groups=ADVISOR_GROUP,
    )

    @api.depends("name", "email", "phone")
    def _compute_advisory_match_keys(self):
        for partner in self:
            partner.advisory_name_key = company_name_key(partner.name)
            partner.advisory_email_domain = email_domain_key(partner.email)
            partner.advisory_phone_key = phone_key(partner.phone)

    @api.depends(
        "name",
        "email",
        "phone",
        "registration_number",
        "is_company",
        "is_advisory_client",
    )
    def _compute_advisory_duplicate_ids(self):
        for partner in self:
            partner.advisory_duplicate_ids = partner._advisory_find_duplicates()

    def _advisory_find_duplicates(self):
        """The companies and clients the user can see that may be this one (also
        while the form is being filled in: the keys are taken from the values)."""
        self.ensure_one()
        if not (self.is_company or self.is_advisory_client):
            return self.browse()
        keys = [
            ("registration_number", "=", self.registration_number),
            ("advisory_name_key", "=", company_name_key(self.name)),
            ("advisory_email_domain", "=", email_domain_key(self.email)),
            ("advisory_phone_key", "=", phone_key(self.phone)),
        ]
        parts = [[key] for key in keys if key[2]]
        if not parts:
            return self.browse()
        own = self._origin.id
        domain = expression.AND(
            [
                expression.OR(parts),
                ["|", ("is_company", "=", True), ("is_advisory_client", "=", True)],
                [("id", "!=", own)] if own else [],
                [("parent_id", "!=", own)] if own else [],
            ]
        )
        return self.search(domain, limit=DUPLICATES_SHOWN)

    def action_view_advisory_duplicates(self):
        """The client and its possible duplicates, to compare them and merge them
        with Odoo's contact merge (Action → Merge)."""
        self.ensure_one()
        partners = self | self.advisory_duplicate_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible duplicates of %(name)s", name=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", partners.ids)],
        }


class MergePartnerAutomatic(models.TransientModel):
    """Merging clients: every advisory record follows the surviving partner (Odoo
    moves the foreign keys); only an advisory manager merges clients."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        # sudo: whether a contact is a client decides who may merge it, whoever
        # merges (the client fields carry the advisor group)
        clients = partners.sudo().filtered("is_advisory_client")
        if clients and not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "%(client)s is an advisory client: only an advisory manager "
                    "merges clients (their engagements, contracts and files move "
                    "to the contact kept).",
                    client=clients[0].display_name,
                )
            )
        return super()._merge(partner_ids, dst_partner, extra_checks)

    def _update_values(self, src_partners, dst_partner):
        """The contacts merged into ``dst_partner`` are deleted next: their client
        fields move to it. Runs as the system (a manager merges, see ``_merge``):
        the protected client fields are written by this merge only."""
        # sudo: the registration number is unique per company; the sources give
        # theirs up before it moves to the destination
        sources = src_partners.sudo()
        numbers = [number for number in sources.mapped("registration_number") if number]
        sources.write({"registration_number": False})
        result = super()._update_values(src_partners, dst_partner.sudo())
        if numbers and not dst_partner.sudo().registration_number:
            dst_partner.sudo().registration_number = numbers[0]
        # the merge moved the sources' engagements and teams to the destination
        # in SQL: the staff serving them is computed again
        destination = dst_partner.sudo()
        destination.invalidate_recordset(["client_team_ids"])
        engagements = (
            self.env["advisory.engagement"]
            .sudo()
            .search([("partner_id", "=", destination.id)])
        )
        engagements.invalidate_recordset(["partner_id"])
        self.env.add_to_compute(
            destination._fields["advisory_access_user_ids"], destination
        )
        self.env.add_to_compute(
            engagements._fields["advisory_access_user_ids"], engagements
        )
        destination._flush_advisory_access()
        return result
