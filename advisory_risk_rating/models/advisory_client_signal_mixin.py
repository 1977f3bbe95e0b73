from odoo import api, fields, models


class AdvisoryClientSignalMixin(models.AbstractModel):
    """What a rule raised about a client for its relationship manager (early
    warnings, next-best action suggestions). The consumer declares ``rule_id``,
    its rule."""

    _name = "advisory.client.signal.mixin"
    _description = "Advisory Rule Raised on a Client"
    _inherit = "advisory.state.mixin"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        protected=True,
    )
    relationship_manager_id = fields.Many2one(
        related="partner_id.relationship_manager_id",
        string="Relationship Manager",
        store=True,
        protected=True,
    )

    # rule_id is the consumer's (the abstract model has none)
    @api.depends(
        lambda self: ("rule_id", "partner_id") if "rule_id" in self._fields else ()
    )
    def _compute_display_name(self):
        for record in self:
            record.display_name = self.env._(
                "%(rule)s – %(client)s",
                rule=record.rule_id.name or "",
                client=record.partner_id.name or "",
            )
