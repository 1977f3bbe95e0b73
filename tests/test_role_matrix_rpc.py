"""Generic access checks through XML-RPC, over every model of the advisory addons
(new models and fields are covered without editing this test):

- employees without an advisory role and portal users have no access to them
  (except what the portal shows: the client's own tickets and documents);
- an advisor who serves no client sees none of the client records of the demo data;
- every protected field (a fact of the system or a decision) of every model is
  refused to a user holding every advisory role, and stays unchanged."""

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase

ALL_ROLES = ",".join(
    (
        "advisory_client_mgmt.group_advisory_manager",
        "advisory_client_mgmt.group_advisory_legal",
        "advisory_client_mgmt.group_advisory_executive",
        "advisory_risk_rating.group_advisory_risk_officer",
    )
)
# what a portal user may do on an advisory model (SECURITY.md: her company's
# tickets and documents, through the portal)
PORTAL_ALLOWED = {
    ("advisory.feedback", "read"),
    ("advisory.client.document", "read"),
    ("advisory.document.type", "read"),
    ("advisory.engagement", "read"),
    # use of funds: her company's plans and reports (record rules); she writes
    # through the portal's routes only
    ("advisory.fund.usage.category", "read"),
    ("advisory.fund.usage.plan", "read"),
    ("advisory.fund.usage.plan.line", "read"),
    ("advisory.fund.usage.report", "read"),
    ("advisory.fund.usage.report.line", "read"),
    # their company's presented proposals and approved contracts (record rules)
    ("advisory.proposal", "read"),
    ("advisory.contract", "read"),
    # her company's loyalty ledger and the membership levels (/my/loyalty)
    ("advisory.loyalty.entry", "read"),
    ("advisory.loyalty.level", "read"),
}


@tagged("post_install", "-at_install")
class TestRoleMatrixRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="matrix_employee")
        new_test_user(cls.env, login="matrix_portal", groups="base.group_portal")
        new_test_user(
            cls.env,
            login="matrix_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.boss = new_test_user(cls.env, login="matrix_boss", groups=ALL_ROLES)
        cls.models = [
            model
            for model in cls.env["ir.model"]
            .search([("model", "=like", "advisory.%")])
            .mapped("model")
            if model in cls.env
            and not cls.env[model]._abstract
            and not cls.env[model]._transient
        ]

    def test_no_access_without_an_advisory_role(self):
        self.assertGreater(len(self.models), 25)
        for login in ("matrix_employee", "matrix_portal"):
            for model in self.models:
                for operation in ("read", "write", "create", "unlink"):
                    allowed = self._call(login, model, "has_access", [], operation)
                    expected = login == "matrix_portal" and (
                        (model, operation) in PORTAL_ALLOWED
                    )
                    self.assertEqual(allowed, expected, f"{login} {operation} {model}")

    def test_advisor_serving_nobody_sees_no_client_record(self):
        checked = 0
        for model in self.models:
            field = self.env[model]._fields.get("partner_id")
            if not (field and field.store and field.comodel_name == "res.partner"):
                continue
            domain = [("partner_id.is_advisory_client", "=", True)]
            if not self.env[model].sudo().search_count(domain):
                continue
            if not self._call("matrix_advisor", model, "has_access", [], "read"):
                continue  # the managers' records (relationship costs)
            checked += 1
            self.assertEqual(
                self._call("matrix_advisor", model, "search_count", domain),
                0,
                model,
            )
            self.assertTrue(
                self._call("matrix_boss", model, "search_count", domain), model
            )
        self.assertGreaterEqual(checked, 8, "the demo data has client records")

    def _other_value(self, record, field):
        """A value of ``field`` different from the one of ``record``."""
        value = record[field.name]
        if field.type in ("one2many", "many2many"):
            return [(5, 0, 0)]
        if field.type == "boolean":
            return not value
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in keys if key != value)
        if field.type in ("integer", "float", "monetary"):
            return (value or 0) + 1
        if field.type == "date":
            return "2001-02-03"
        if field.type == "datetime":
            return "2001-02-03 04:05:06"
        if field.type == "many2one":
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "!=", value.id)], limit=1)
            )
            return other.id or None
        return "changed by hand"

    def test_every_protected_field_is_refused(self):
        checked = []
        for model in self.models + ["res.partner", "project.project", "crm.lead"]:
            Model = self.env[model]
            if not hasattr(Model, "_protected_field_groups"):
                continue
            record = Model.sudo().search([], limit=1)
            if not record:
                continue
            for name, group in Model._protected_field_groups().items():
                if group is not True and self.boss.has_group(group):
                    continue
                field = Model._fields[name]
                value = self._other_value(record, field)
                if value is None:
                    continue
                before = record.read([name])[0][name]
                with self.subTest(model=model, field=name):
                    self._refused(
                        "", "matrix_boss", model, "write", record.ids, {name: value}
                    )
                    record.invalidate_recordset()
                    self.assertEqual(record.read([name])[0][name], before)
                checked.append((model, name))
        self.assertGreater(len(checked), 60)
