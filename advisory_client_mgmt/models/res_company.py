from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    advisory_dormant_days = fields.Integer(
        string="Dormant After (days)",
        default=180,
        help="An active advisory client with no interaction and no active contract "
        "for this many days becomes dormant.",
    )
    advisory_churn_days = fields.Integer(
        string="Churned After (days)",
        default=365,
        help="A client whose last contract ended this many days ago without renewal "
        "becomes churned.",
    )
    advisory_executive_threshold = fields.Monetary(
        string="Executive Approval From",
        currency_field="currency_id",
        default=1_000_000,
        help="Contracts of this amount or more (in the company currency) also need "
        "the approval of an executive.",
    )

    advisory_document_gate = fields.Boolean(
        string="Complete Client Files Required",
        help="Submitting a proposal or a contract and signing a contract are refused "
        "while the client's file lacks a required document (a manager may waive "
        "one). Off by default so that a firm turns it on once its document types "
        "and rules are set up.",
    )

    advisory_profile_review_months = fields.Integer(
        string="Profile Review Every (months)",
        default=12,
        help="A client whose profile has not been reviewed for this many months "
        "gets a review to-do for its relationship manager; 0: no review to-dos.",
    )

    @api.constrains("advisory_profile_review_months")
    def _check_advisory_profile_review_months(self):
        for company in self:
            if company.advisory_profile_review_months < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the months between profile reviews cannot be "
                        "negative.",
                        company=company.name,
                    )
                )

    @api.constrains("advisory_dormant_days", "advisory_churn_days")
    def _check_advisory_days(self):
        for company in self:
            if company.advisory_dormant_days <= 0 or company.advisory_churn_days <= 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the days before a client becomes dormant or "
                        "churned must be positive.",
                        company=company.name,
                    )
                )

    @api.constrains("advisory_executive_threshold")
    def _check_advisory_executive_threshold(self):
        for company in self:
            if company.advisory_executive_threshold < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the executive approval threshold cannot be "
                        "negative.",
                        company=company.name,
                    )
                )
