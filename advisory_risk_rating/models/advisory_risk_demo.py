from datetime import timedelta

from odoo import api, fields, models

# client xml id (advisory_client_mgmt demo) -> (stability, target grade, reason when
# the rating committee overrides the computed grade)
DEMO_RATINGS = {
    "demo_client_hengtai": ("5", "AAA", "Parent group guarantee covers all loans."),
    "demo_client_lanfeng": ("4", "AA", "Long-term offtake contracts with utilities."),
    "demo_client_huaxin": ("4", "A", False),
    "demo_client_jinqiao": ("3", "BBB", "Construction order book down 20 %."),
    "demo_client_yunlian": ("3", "BB", "Customer concentration above 40 %."),
    "demo_client_kaida": ("2", "B", "Covenant waiver requested from the bank."),
    "demo_client_meridian": ("2", "C", "Two payment defaults this year."),
    "demo_client_ruikang": ("4", False, False),
    "demo_client_pacific_crest": ("5", False, False),
    "demo_client_xinghe": ("3", False, False),
}
DEMO_CREDIT = {
    "demo_client_hengtai": [("bank_loan", 400, 30_000_000)],
    "demo_client_lanfeng": [("bank_loan", 300, 12_000_000)],
    "demo_client_huaxin": [("bank_loan", 500, 5_000_000)],
    "demo_client_jinqiao": [("bank_loan", 200, 8_000_000), ("overdue", 90, 350_000)],
    "demo_client_yunlian": [("overdue", 120, 120_000), ("overdue", 40, 80_000)],
    "demo_client_kaida": [("bank_loan", 600, 6_000_000), ("overdue", 60, 500_000)],
    "demo_client_meridian": [("default", 150, 900_000), ("default", 30, 400_000)],
    "demo_client_xinghe": [("bank_loan", 250, 2_000_000)],
}
DEMO_EVENTS = {
    "demo_client_kaida": [("cfo", 45, "The CFO left; the controller acts as CFO.")],
    "demo_client_meridian": [("ceo", 20, "Founder replaced as CEO by the investor.")],
    "demo_client_yunlian": [("ownership", 400, "Series C investor took 25 %.")],
}


class AdvisoryRiskAssessment(models.Model):
    _inherit = "advisory.risk.assessment"

    @api.model
    def _demo_risk_rating(self):
        """Demo data of the risk rating, made through the real actions."""
        ref = self.env.ref
        if not ref(
            "advisory_client_mgmt.demo_client_hengtai", raise_if_not_found=False
        ):
            return
        today = fields.Date.context_today(self)
        officer = ref("advisory_risk_rating.user_advisory_risk_officer")
        clients = {
            xmlid: ref(f"advisory_client_mgmt.{xmlid}") for xmlid in DEMO_RATINGS
        }
        for xmlid, (stability, _grade, _reason) in DEMO_RATINGS.items():
            clients[xmlid].management_stability = stability
        self.env["advisory.credit.record"].create(
            [
                {
                    "partner_id": clients[xmlid].id,
                    "record_type": record_type,
                    "date": today - timedelta(days=days),
                    "amount": amount,
                    "lender": "Bank of Demo",
                }
                for xmlid, records in DEMO_CREDIT.items()
                for record_type, days, amount in records
            ]
        )
        self.env["advisory.management.event"].create(
            [
                {
                    "partner_id": clients[xmlid].id,
                    "event_type": event_type,
                    "date": today - timedelta(days=days),
                    "description": description,
                }
                for xmlid, events in DEMO_EVENTS.items()
                for event_type, days, description in events
            ]
        )
        for xmlid, (_stability, grade, reason) in DEMO_RATINGS.items():
            client = clients[xmlid]
            advisor = client.relationship_manager_id or officer
            action = client.with_user(advisor).action_rate_risk()
            assessment = self.browse(action["res_id"]).with_user(advisor)
            assessment.action_submit()
            if grade and grade != assessment.computed_grade:
                assessment.with_user(officer).write(
                    {
                        "override_grade": grade,
                        "override_reason": reason
                        or self.env._("Rating committee decision."),
                    }
                )
            assessment.with_user(officer).validate_tier()
        # a downgrade waiting for the risk officer: new defaults at Kaida
        kaida = clients["demo_client_kaida"]
        self.env["advisory.credit.record"].create(
            {
                "partner_id": kaida.id,
                "record_type": "default",
                "date": today - timedelta(days=5),
                "amount": 750_000,
                "lender": "Bank of Demo",
            }
        )
        pending = self.browse(
            kaida.with_user(
                kaida.relationship_manager_id or officer
            ).action_rate_risk()["res_id"]
        )
        pending.with_user(officer).write(
            {"override_grade": "C", "override_reason": "Third default in a year."}
        )
        pending.action_submit()
        self.env["advisory.risk.alert.rule"]._evaluate_partners(
            self.env["res.partner"].search([("is_advisory_client", "=", True)])
        )
        self.env["res.partner"]._cron_recompute_segments()


class AdvisoryNextActionRule(models.Model):
    _inherit = "advisory.next.action.rule"

    @api.model
    def _demo_next_actions(self):
        """Suggestions on the demo clients, one of them done by its relationship
        manager (marking its activity done) and one ignored with a reason."""
        if not self.env.ref(
            "advisory_client_mgmt.demo_client_hengtai", raise_if_not_found=False
        ):
            return
        actions = self._evaluate_partners(
            self.env["res.partner"].search([("is_advisory_client", "=", True)])
        ).filtered("user_id")
        if actions:
            done = actions[0]
            done.suggested_activity_ids.with_user(done.user_id).action_feedback(
                feedback=self.env._("Met the CFO; next review in a month.")
            )
        if len(actions) > 1:
            ignored = actions[-1]
            ignored.with_user(ignored.user_id).action_ignore(
                self.env._("Handled by the client's other advisor this quarter.")
            )
