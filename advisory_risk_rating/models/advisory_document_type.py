from odoo import api, fields, models

from .common import LEVEL_VALUES, RISK_LEVELS


class AdvisoryDocumentType(models.Model):
    """A riskier client needs more documents: a type may be required only from a
    risk level up."""

    _inherit = "advisory.document.type"

    required_from_risk_level = fields.Selection(
        RISK_LEVELS,
        string="From Risk Level",
        tracking=True,
        help="Required only of clients rated at this risk level or above (empty: "
        "whatever their rating). Combines with the rule above.",
    )

    def _applies_to(self, partner, engagements):
        if not super()._applies_to(partner, engagements):
            return False
        floor = self.required_from_risk_level
        return (
            not floor or LEVEL_VALUES.get(partner.risk_level, 0) >= LEVEL_VALUES[floor]
        )

    def _completeness_rule_fields(self):
        return [*super()._completeness_rule_fields(), "required_from_risk_level"]


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # the file's requirements follow the client's rating (the re-rating job marks
    # risk_level modified, so the ORM recomputes these)
    @api.depends("risk_level")
    def _compute_document_status(self):
        return super()._compute_document_status()
