from odoo.tests import TransactionCase

ALLOWED_CREATE_OVERRIDES = (
    "odoo.models",
    # the checks of the users' values (the system's rows do not need them)
    "odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin",
)


class TestBulkRows(TransactionCase):
    """The models written by ``advisory.bulk.row.mixin._insert_rows`` (one SQL
    insert) stay plain rows, for which that insert is what ``create`` would do."""

    def _bulk_models(self):
        names = self.env.registry.descendants(["advisory.bulk.row.mixin"], "_inherit")
        return [self.env[name] for name in names if not self.env[name]._abstract]

    def test_every_bulk_model_has_plain_rows(self):
        models = self._bulk_models()
        self.assertIn("advisory.stage.event", [model._name for model in models])
        self.assertIn(
            "advisory.risk.assessment.line", [model._name for model in models]
        )
        for model in models:
            with self.subTest(model=model._name):
                computed = [
                    name
                    for name, field in model._fields.items()
                    if field.store and (field.compute or field.related)
                ]
                self.assertFalse(computed, "a stored computed field is never set")
                # values the ORM converts on the way to the column (translations
                # as JSON, rounded digits) would be stored as given
                converted = [
                    name
                    for name, field in model._fields.items()
                    if field.store
                    and (
                        getattr(field, "translate", False)
                        or field.type == "monetary"
                        or (field.type == "float" and field.get_digits(model.env))
                    )
                ]
                self.assertFalse(converted)
                self.assertFalse(list(model._constraint_methods))
                self.assertFalse(model._log_access)
                overrides = {
                    cls.__module__
                    for cls in type(model).__mro__
                    if "create" in vars(cls) or "_create" in vars(cls)
                }
                self.assertLessEqual(overrides, set(ALLOWED_CREATE_OVERRIDES))

    def test_a_row_without_every_column_is_refused(self):
        Event = self.env["advisory.stage.event"]
        with self.assertRaisesRegex(ValueError, "every column"):
            Event._insert_rows([{"res_model": "res.partner", "res_id": 1}])
