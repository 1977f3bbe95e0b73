from datetime import date

from odoo.tests import TransactionCase, new_test_user


class AdvisoryCase(TransactionCase):
    """Two advisors with a client each, a manager, a second company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Other Advisory Co"})
        cls.advisor_a = new_test_user(
            cls.env,
            login="advisor_a",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.advisor_b = new_test_user(
            cls.env,
            login="advisor_b",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="adv_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.employee = new_test_user(
            cls.env, login="plain_employee", groups="base.group_user"
        )
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create(
            {
                "name": "Alpha Trading Ltd",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor_a.id,
            }
        )
        cls.client_b = Partner.create(
            {
                "name": "Beta Industries",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor_b.id,
            }
        )

    def _lifecycle_tracking(self, partner):
        """The lifecycle changes the chatter shows, oldest first (tracking is written
        when the transaction commits: run those hooks now)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", partner.id),
                ("field_id.name", "=", "lifecycle_state"),
            ],
            order="id",
        )
        return [(v.old_value_char, v.new_value_char) for v in values]

    @classmethod
    def _statement_vals(cls, partner, year=2024, **values):
        vals = {
            "partner_id": partner.id,
            "period_type": "year",
            "period_start": date(year, 1, 1),
            "period_end": date(year, 12, 31),
            "total_assets": 1000.0,
            "current_assets": 600.0,
            "total_liabilities": 450.0,
            "current_liabilities": 300.0,
            "revenue": 2000.0,
            "net_profit": 150.0,
            "operating_cash_flow": 120.0,
        }
        vals.update(values)
        return vals
