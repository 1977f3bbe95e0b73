"""The addons install together and define the Advisory roles."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tests.loader import get_test_modules

ADDONS = (
    "advisory_client_mgmt",
    "advisory_risk_rating",
    "advisory_feedback",
    "advisory_dashboard",
    "advisory_relationship",
    # the bridges, installed with the addons they join
    "advisory_risk_feedback",
    "advisory_relationship_feedback",
    # with Odoo's analytic (a dependency of project, so always there)
    "advisory_relationship_analytic",
)


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(
            {m.name: m.state for m in modules}, dict.fromkeys(ADDONS, "installed")
        )
        for module in modules:
            self.assertEqual(module.latest_version, module.installed_version)
            self.assertEqual(module.license, "LGPL-3")
        # the dashboards come with setup/ (or by choice), not with the Dashboards app
        dashboards = modules.filtered(lambda m: m.name == "advisory_dashboard")
        self.assertFalse(dashboards.auto_install)

    def test_odoo_test_loader_reads_every_addon(self):
        """An install with ``--test-enable`` (Odoo's own test runs, a firm's CI)
        builds each addon's suite with Odoo's loader, which imports
        ``<addon>.upgrades`` as the package of upgrade tests: a module of that
        name made the install crash."""
        for module in ADDONS:
            with self.subTest(module=module):
                tests = get_test_modules(module)
                if module in ("advisory_client_mgmt", "advisory_feedback"):
                    self.assertTrue(tests)

    def test_groups_in_one_category_with_hierarchy(self):
        category = self.env.ref("advisory_client_mgmt.module_category_advisory")
        user = self.env.ref("advisory_client_mgmt.group_advisory_user")
        groups = {
            "manager": self.env.ref("advisory_client_mgmt.group_advisory_manager"),
            "legal": self.env.ref("advisory_client_mgmt.group_advisory_legal"),
            "executive": self.env.ref("advisory_client_mgmt.group_advisory_executive"),
            "risk officer": self.env.ref(
                "advisory_risk_rating.group_advisory_risk_officer"
            ),
        }
        self.assertEqual(category.name, "Advisory")
        self.assertEqual(user.category_id, category)
        self.assertIn(self.env.ref("base.group_user"), user.trans_implied_ids)
        for name, group in groups.items():
            with self.subTest(group=name):
                self.assertEqual(group.category_id, category)
                self.assertIn(user, group.trans_implied_ids)
        # the specialist roles do not imply one another, nor the manager
        for name, group in groups.items():
            others = set(groups.values()) - {group}
            with self.subTest(group=name):
                self.assertFalse(others & set(group.trans_implied_ids))

    def test_role_membership_follows_hierarchy(self):
        legal = new_test_user(
            self.env,
            login="inst_legal",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        self.assertTrue(legal.has_group("advisory_client_mgmt.group_advisory_user"))
        self.assertFalse(legal.has_group("advisory_client_mgmt.group_advisory_manager"))
        risk = new_test_user(
            self.env,
            login="inst_risk",
            groups="advisory_risk_rating.group_advisory_risk_officer",
        )
        self.assertTrue(risk.has_group("advisory_client_mgmt.group_advisory_user"))
        self.assertFalse(risk.has_group("advisory_client_mgmt.group_advisory_legal"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                "advisory_client_mgmt.group_advisory_manager"
            )
        )


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads(self):
        """The shipped zh_CN translation loads and translates menus, fields and the
        messages raised in code."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(list(ADDONS), ["zh_CN"])
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        menu = env.ref("advisory_client_mgmt.menu_advisory_root")
        self.assertEqual(menu.name, "咨询")
        field = env["ir.model.fields"]._get("res.partner", "lifecycle_state")
        self.assertNotEqual(field.with_env(env).field_description, "Lifecycle")
        with self.assertRaises(UserError) as caught:
            env["res.partner"].create(
                {"name": "Zeta", "is_advisory_client": True}
            ).action_lifecycle_churn()
        self.assertRegex(str(caught.exception), r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestAdvisoryViews(TransactionCase):
    def test_every_advisory_action_opens_as_an_advisor(self):
        """Each window action of the addons loads all its views for the role that uses
        the menus (a missing field, group or bad arch shows here)."""
        advisor = new_test_user(
            self.env,
            login="views_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        data = self.env["ir.model.data"].search(
            [("module", "in", ADDONS), ("model", "=", "ir.actions.act_window")]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        self.assertTrue(actions)
        for action in actions:
            model = self.env[action.res_model].with_user(advisor)
            if not model.has_access("read"):
                continue
            modes = [m for m in action.view_mode.split(",")]
            with self.subTest(action=action.name):
                views = model.get_views(
                    [(False, mode) for mode in modes] + [(False, "search")]
                )
                self.assertEqual(set(views["views"]), set(modes) | {"search"})

    def test_kanban_columns_follow_the_workflow(self):
        """A kanban grouped by status shows every status as a column, in the order
        of the workflow (New first), not alphabetically."""
        manager = new_test_user(
            self.env,
            login="kanban_manager",
            groups="advisory_client_mgmt.group_advisory_manager,"
            "advisory_risk_rating.group_advisory_risk_officer",
        )
        checked = []
        for view in self.env["ir.ui.view"].search(
            [("type", "=", "kanban"), ("model", "like", "advisory.%")]
        ):
            group_by = etree.fromstring(view.arch).get("default_group_by")
            Model = self.env[view.model].with_user(manager)
            field = Model._fields.get(group_by)
            if not field or field.type != "selection":
                continue
            with self.subTest(view=view.xml_id):
                # as the kanban asks: lazily, one level
                groups = Model.web_read_group([], fields=[], groupby=[group_by])[
                    "groups"
                ]
                keys = [key for key, _label in field._description_selection(self.env)]
                self.assertEqual([group[group_by] for group in groups], keys)
                checked.append(view.model)
        self.assertIn("advisory.feedback", checked)
        self.assertIn("advisory.proposal", checked)

    def test_client_partners_open_on_the_advisory_tab(self):
        """A client's Advisory and Risk tabs come first and open by default; other
        contacts keep Odoo's tabs first (Contacts & Addresses opens) and find the
        Advisory page at the end."""
        advisor = new_test_user(
            self.env,
            login="tabs_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        arch = self.env["res.partner"].with_user(advisor).get_views([(False, "form")])
        form = etree.fromstring(arch["views"]["form"]["arch"])
        pages = form.xpath("//notebook/page")
        names = [page.get("name") for page in pages]
        self.assertEqual(names[:3], ["advisory", "advisory_risk", "contact_addresses"])
        self.assertEqual(names[-1], "advisory_prospect")
        by_name = {page.get("name"): page for page in pages}
        self.assertEqual(by_name["advisory"].get("invisible"), "not is_advisory_client")
        self.assertEqual(
            by_name["advisory_risk"].get("invisible"), "not is_advisory_client"
        )
        self.assertEqual(
            by_name["advisory_prospect"].get("invisible"), "is_advisory_client"
        )
        # no page takes the focus: the first visible page opens
        self.assertFalse(form.xpath("//notebook/page[@autofocus]"))
        # a plain employee's contact form is Odoo's
        employee = new_test_user(
            self.env, login="tabs_employee", groups="base.group_user"
        )
        arch = self.env["res.partner"].with_user(employee).get_views([(False, "form")])
        form = etree.fromstring(arch["views"]["form"]["arch"])
        self.assertEqual(
            form.xpath("//notebook/page[1]")[0].get("name"), "contact_addresses"
        )
