from odoo import api, fields, models
from odoo.tools import split_every


class AdvisoryClientRuleMixin(models.AbstractModel):
    """A condition on client facts, kept as a record (early-warning rules,
    next-best action rules): a daily job evaluates the active rules for the
    advisory clients, in batches.

    The consumer evaluates a batch in ``_evaluate_partners(partners)``; its rules
    apply to the clients of their company (:meth:`_rule_scope`).
    """

    _name = "advisory.client.rule.mixin"
    _description = "Advisory Rule on Client Facts"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    # clients per batch of the daily evaluation
    _client_rule_batch = 2000

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the rule applies in every company."
    )

    @api.model
    def _get_rule_partner_domain(self):
        """The clients the daily job evaluates."""
        return [("is_advisory_client", "=", True)]

    @api.model
    def _cron_evaluate(self):
        """Evaluate every active rule for every advisory client, in batches. Safe
        to run again: what the batches done raised is open, a new run skips it."""
        # sudo: the job evaluates every client of the database, whoever runs it
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(self._get_rule_partner_domain(), order="id")
        )
        self._run_batches(
            [
                self.env["res.partner"].browse(ids)
                for ids in split_every(self._client_rule_batch, partners.ids)
            ],
            self._evaluate_partners,
        )
        return len(partners)

    @api.model
    def _evaluate_partners(self, partners):
        raise NotImplementedError

    def _rule_scope(self, partners):
        """The clients of ``partners`` the rule applies to: with a company, those
        of its company or of none."""
        self.ensure_one()
        if not self.company_id:
            return partners
        return partners.filtered(
            lambda partner: partner.company_id in (self.company_id, partner.browse())
        )
