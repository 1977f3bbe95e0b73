from odoo.tests import TransactionCase, new_test_user


class RelationshipCase(TransactionCase):
    """Two advisors with a client each (a company with a key contact), a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.advisor_a = new_test_user(
            cls.env,
            login="rel_advisor_a",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.advisor_b = new_test_user(
            cls.env,
            login="rel_advisor_b",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rel_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.client_a = cls._client("Alpha Trading Ltd", cls.advisor_a)
        cls.client_b = cls._client("Beta Industries", cls.advisor_b)
        cls.contact_a = cls.client_a.child_ids
        cls.contact_b = cls.client_b.child_ids

    @classmethod
    def _client(cls, name, advisor, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_advisory_client": True,
                "lifecycle_state": "active",
                "relationship_manager_id": advisor.id,
                "email": f"office@{name.split()[0].lower()}.example.com",
                "marketing_consent": True,
                "child_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"CFO of {name}",
                            "email": f"cfo@{name.split()[0].lower()}.example.com",
                        },
                    )
                ],
                **vals,
            }
        )
