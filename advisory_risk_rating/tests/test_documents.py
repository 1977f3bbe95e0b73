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
