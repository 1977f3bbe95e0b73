from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date


class AdvisoryNextActionRule(models.Model):
    """Next-best actions fed by advisory_feedback: propose the renewal of a
    satisfied client's ending contract, call a detractor."""

    _inherit = "advisory.next.action.rule"

    kind = fields.Selection(
        selection_add=[
            ("contract_renewal", "Contract Ending, Client Satisfied"),
            ("detractor", "Detractor"),
        ],
        ondelete={"contract_renewal": "cascade", "detractor": "cascade"},
    )

    @api.model
    def _nba_kinds_needing_days(self):
        return [*super()._nba_kinds_needing_days(), "contract_renewal", "detractor"]

    @api.model
    def _nba_kinds_needing_share(self):
        return [*super()._nba_kinds_needing_share(), "contract_renewal"]

    @api.model
    def _nba_contract_outcome_kinds(self):
        return [*super()._nba_contract_outcome_kinds(), "contract_renewal"]

    @api.model
    def _nba_ticket_outcome_kinds(self):
        """Kinds whose suggestion leads to an outcome when a feedback ticket of
        the client is closed after it."""
        return ["detractor"]

    def _nba_candidates_contract_renewal(self, partners):
        """A signed contract of the client ends within ``days`` days, it is not
        renewed yet, and the client's last satisfaction is at least the threshold
        (a share: 0.8 = 80 %)."""
        self.ensure_one()
        partners.fetch(["satisfaction_last"])
        satisfied = partners.filtered(
            lambda p: p.satisfaction_last is not False
            and p.satisfaction_last >= self.threshold * 100
        )
        if not satisfied:
            return {}
        today = fields.Date.context_today(self)
        # sudo: the condition reads every contract of the client
        contracts = (
            self.env["advisory.contract"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", satisfied.ids),
                    ("state", "in", ("signed", "active")),
                    ("date_end", ">=", today),
                    ("date_end", "<=", today + timedelta(days=self.days)),
                    ("renewal_id", "=", False),
                ],
                ["partner_id", "name", "date_end"],
            )
        )
        return {
            (contract.partner_id.id, contract): self.env._(
                "Contract %(contract)s ends on %(date)s and the client's last "
                "satisfaction is %(score)s %%: propose the renewal.",
                contract=contract.name,
                date=format_date(self.env, contract.date_end),
                score=round(contract.partner_id.satisfaction_last, 1),
            )
            for contract in contracts
        }

    def _nba_candidates_detractor(self, partners):
        """The client's last NPS answer, given in the last ``days`` days, is a
        detractor's (0-6): one suggestion per such answer."""
        self.ensure_one()
        partners.fetch(["nps_category_last"])
        detractors = partners.filtered(lambda p: p.nps_category_last == "detractor")
        if not detractors:
            return {}
        since = fields.Datetime.now() - timedelta(days=self.days)
        # sudo: the condition reads the client's answers, whoever runs it
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .search_fetch(
                [
                    ("advisory_partner_id", "in", detractors.ids),
                    ("state", "=", "done"),
                    ("test_entry", "=", False),
                    ("advisory_nps_category", "!=", False),
                    ("end_datetime", ">=", since),
                ],
                ["advisory_partner_id", "advisory_nps_score", "end_datetime"],
                order="end_datetime desc, id desc",
            )
        )
        result = {}
        seen = set()
        for answer in answers:
            partner = answer.advisory_partner_id
            if partner.id in seen:
                continue
            seen.add(partner.id)
            result[(partner.id, answer)] = self.env._(
                "NPS answer %(score)s on %(date)s: a detractor. Call the client.",
                score=answer.advisory_nps_score,
                date=format_date(self.env, answer.end_datetime),
            )
        return result
