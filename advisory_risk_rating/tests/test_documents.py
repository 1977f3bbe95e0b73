from datetime import date

from freezegun import freeze_time

from odoo import Command

from .common import RiskCase


class TestDocumentsByRiskLevel(RiskCase):
    def test_riskier_clients_need_more_documents(self):
        Type = self.env["advisory.document.type"]
        Type.search([]).write({"active": False})
        licence = Type.create({"name": "Licence", "requirement": "always"})
        source = Type.create(
            {
                "name": "Source of funds",
                "requirement": "always",
                "required_from_risk_level": "high",
            }
        )
        client = self._perfect_client("Gamma Holdings")
        self._validated(client)
        self.assertEqual(client.risk_level, "low")
        self.assertEqual(client.document_missing_type_ids, licence)
        # rated B, high risk (the officer's override): the file needs the source of
        # funds
        self._validated(client, override="B")
        self.assertEqual(client.risk_level, "high")
        self.assertEqual(client.document_missing_type_ids, licence | source)
        self.assertEqual(client.document_completeness, 0.0)
        # the rule moves up: the client no longer needs it
        source.required_from_risk_level = "critical"
        self.env.flush_all()
        self.assertEqual(client.document_missing_type_ids, licence)

    def test_expired_required_document_raises_an_early_warning(self):
        Type = self.env["advisory.document.type"]
        Type.search([]).write({"active": False})
        licence = Type.create(
            {"name": "Licence", "requirement": "always", "validity_months": 12}
        )
        rule = self.env.ref("advisory_risk_rating.alert_rule_document_expired")
        client = self._client("Delta Trading")
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.advisor_a)
            .create({"name": "licence.pdf", "raw": b"%PDF-1.4 scan"})
        )
        document = (
            self.env["advisory.client.document"]
            .with_user(self.advisor_a)
            .create(
                {
                    "partner_id": client.id,
                    "type_id": licence.id,
                    "issue_date": date(2025, 1, 1),
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )
        )
        document.with_user(self.manager).action_verify()
        Document = self.env["advisory.client.document"]
        Rule = self.env["advisory.risk.alert.rule"]
        Alert = self.env["advisory.risk.alert"]
        domain = [("rule_id", "=", rule.id), ("partner_id", "=", client.id)]
        with freeze_time("2026-01-15"):  # expired on 2025-12-31, 15 days ago
            Document._cron_expire_documents()
            Rule._evaluate_partners(client)
        self.assertEqual(document.state, "expired")
        self.assertFalse(Alert.search(domain))
        with freeze_time("2026-02-15"):
            Rule._evaluate_partners(client)
            Rule._evaluate_partners(client)
        alert = Alert.search(domain)
        self.assertEqual(len(alert), 1)
        self.assertIn("Licence", alert.message)
        # a manager's waiver clears the condition: the warning resolves itself
        document.with_user(self.manager).write({"waiver_reason": "Being renewed"})
        document.with_user(self.manager).action_waive()
        with freeze_time("2026-02-16"):
            Rule._evaluate_partners(client)
        self.assertEqual(alert.state, "resolved")


class TestDocumentCompletenessInput(RiskCase):
    def test_assessment_shows_the_file_completeness(self):
        Type = self.env["advisory.document.type"]
        Type.search([]).write({"active": False})
        Type.create({"name": "Licence", "requirement": "always"})
        Type.create({"name": "Articles", "requirement": "always"})
        client = self._perfect_client("Epsilon Capital")
        self.assertEqual(client.document_completeness, 0.0)
        assessment = self._rate(client)
        line = assessment.line_ids.filtered(
            lambda line: line.kind == "document_completeness"
        )
        self.assertEqual(line.value_display, "0 %")
        self.assertEqual(line.band_label, "Incomplete")
        self.assertFalse(line.missing)
        # the shipped model shows it without scoring it
        self.assertEqual(line.contribution, 0.0)
        self.assertEqual(assessment.score, 100.0)
        # a risk officer who scores it: an incomplete file lowers the score
        model = assessment.model_id.with_user(self.officer)
        factors = {factor.kind: factor for factor in model.factor_ids}
        factors["region_risk"].weight = 0
        factors["document_completeness"].weight = 5
        assessment = self._rate(client)
        self.assertEqual(assessment.score, 96.0)
        # a complete file scores in full
        Type.search([]).write({"requirement": "optional"})
        self.assertEqual(client.document_completeness, 1.0)
        assessment = self._rate(client)
        self.assertEqual(assessment.score, 100.0)
