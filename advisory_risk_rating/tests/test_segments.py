from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common import RiskCase


@freeze_time("2026-03-01")
class TestSegments(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].search(
            [("is_advisory_client", "=", True)]
        ).is_advisory_client = False
        # signed value of the last 12 months: 500, 300, 100, 60, 40 (total 1000)
        cls.clients = {}
        for name, amount in (
            ("Seg 500", 500.0),
            ("Seg 300", 300.0),
            ("Seg 100", 100.0),
            ("Seg 60", 60.0),
            ("Seg 40", 40.0),
        ):
            client = cls._client(name)
            cls._signed_contract(client, amount, date(2025, 9, 1))
            cls.clients[name] = client
        cls.zero = cls._client("Seg 0")
        # signed 14 months ago: outside the trailing 12 months
        cls.old = cls._client("Seg old")
        cls._signed_contract(cls.old, 5000.0, date(2025, 1, 1))

    @classmethod
    def _signed_contract(cls, client, amount, signed):
        engagement = cls.env["advisory.engagement"].create({"partner_id": client.id})
        contract = cls.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "retainer",
                "amount": amount,
                "date_start": signed,
                "date_end": date(2026, 12, 31),
                "signed_date": signed,
            }
        )
        # the fixture needs signed contracts, not the signing flow
        contract._write_state("active")
        return contract

    def _tiers(self):
        self.env["res.partner"]._cron_recompute_segments()
        return {
            name: client.value_tier
            for name, client in dict(
                self.clients, **{"Seg 0": self.zero, "Seg old": self.old}
            ).items()
        }

    def test_default_thresholds(self):
        self.assertEqual(
            self._tiers(),
            {
                # 0 % and 50 % of the value before them: the top 80 %
                "Seg 500": "A",
                "Seg 300": "A",
                # 80 % and 90 % before them: the next 15 %
                "Seg 100": "B",
                "Seg 60": "B",
                # 96 % before: the rest, with the clients without value
                "Seg 40": "C",
                "Seg 0": "C",
                "Seg old": "C",
            },
        )

    def test_editable_thresholds(self):
        self.company.write({"advisory_tier_a_share": 50, "advisory_tier_b_share": 40})
        tiers = self._tiers()
        self.assertEqual(tiers["Seg 500"], "A")
        self.assertEqual(tiers["Seg 300"], "B")
        self.assertEqual(tiers["Seg 100"], "B")
        self.assertEqual(tiers["Seg 60"], "C")
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self.company.write({"advisory_tier_a_share": 90})

    def test_service_level_and_segment(self):
        self._tiers()
        top = self.clients["Seg 500"]
        self.assertEqual(top.service_level, "dedicated", "tier A: dedicated RM")
        self.assertEqual(top.risk_segment, "A · -")
        small = self.clients["Seg 40"]
        self._validated(small, override="AA")
        self.assertEqual(small.service_level, "pooled", "low-risk policy")
        self.assertEqual(small.risk_segment, "C · Low")

    def test_financing_band(self):
        self.env["crm.lead"].create(
            {
                "name": "Big financing",
                "partner_id": self.zero.id,
                "expected_financing_amount": 12_000_000,
            }
        )
        self._tiers()
        self.assertEqual(self.zero.financing_band, "large")
        self.assertEqual(self.clients["Seg 500"].financing_band, "small")
        self.assertEqual(self.old.financing_band, "small")

    def test_recompute_is_idempotent_and_batched(self):
        self._tiers()
        with self.assertQueryCount(__system__=12):
            self.env["res.partner"]._recompute_segments(self.company)
