"""Every menu of the Advisory app, opened through the web client's own routes as each
role: the action loads (``/web/action/load``; ``/web/action/run`` for a server
action), its views load, and their fields read on the first records. New menus are
covered without editing this test."""

from odoo.tests import HttpCase, new_test_user, tagged

ROLES = {
    "menu_advisor": "advisory_client_mgmt.group_advisory_user",
    "menu_manager": "advisory_client_mgmt.group_advisory_manager",
    "menu_legal": "advisory_client_mgmt.group_advisory_legal",
    "menu_executive": "advisory_client_mgmt.group_advisory_executive",
    "menu_risk": "advisory_risk_rating.group_advisory_risk_officer",
}
RELATIONAL = ("many2one", "one2many", "many2many", "many2one_reference")


@tagged("post_install", "-at_install")
class TestMenuSmoke(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, groups in ROLES.items():
            new_test_user(cls.env, login=login, groups=groups)

    def _rpc(self, route, **params):
        return self.make_jsonrpc_request(route, params)

    def _call_kw(self, model, method, args, **kwargs):
        return self._rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=args,
            kwargs=kwargs,
        )

    def _advisory_menus(self):
        menus = self.url_open("/web/webclient/load_menus/smoke").json()
        root = next(
            menus[str(menu_id)]
            for menu_id in menus["root"]["children"]
            if menus[str(menu_id)]["xmlid"] == "advisory_client_mgmt.menu_advisory_root"
        )
        todo, found = [root], []
        while todo:
            menu = todo.pop()
            found.append(menu)
            todo += [menus[str(child)] for child in menu["children"]]
        return [menu for menu in found if menu["actionID"]]

    def _open_window_action(self, action):
        model = action["res_model"]
        views = [
            [view_id, view_type]
            for view_id, view_type in action["views"]
            if view_type != "search"
        ]
        result = self._call_kw(
            model,
            "get_views",
            [],
            views=views + [[False, "search"]],
            options={"action_id": action["id"], "load_filters": True},
        )
        fields = result["models"][model]["fields"]
        simple = [
            name
            for name, field in fields.items()
            if field["type"] not in RELATIONAL or field["type"] == "many2one"
        ]
        records = self._call_kw(model, "search_read", [], fields=simple, limit=3)
        if records and "form" in {view_type for _id, view_type in views}:
            self._call_kw(model, "read", [[records[0]["id"]], list(fields)])
        return len(views)

    def test_every_menu_as_every_role(self):
        opened = {}
        for login in ROLES:
            self.authenticate(login, login)
            menus = self._advisory_menus()
            self.assertTrue(menus, f"{login} sees the Advisory app")
            for menu in menus:
                with self.subTest(role=login, menu=menu["xmlid"]):
                    action = self._rpc("/web/action/load", action_id=menu["actionID"])
                    self.assertTrue(action, menu["xmlid"])
                    if action["type"] == "ir.actions.server":
                        action = self._rpc("/web/action/run", action_id=action["id"])
                    if action and action.get("type") == "ir.actions.act_window":
                        self._open_window_action(action)
                    opened[login, menu["xmlid"]] = True
        # the main management screen opens for every role that sees it
        dashboard = "advisory_feedback.advisory_kpi_dashboard_menu"
        for login in ROLES:
            if any(xmlid == dashboard for _login, xmlid in opened if _login == login):
                continue
            self.fail(f"{login} does not reach the KPI dashboard menu")


@tagged("post_install", "-at_install")
class TestKpiDashboardTour(HttpCase):
    """The KPI dashboard menu clicked in Chromium, as each role that sees it."""

    def test_dashboard_menu_in_the_browser(self):
        company = self.env.company
        self.env["advisory.kpi.snapshot"].with_company(company).compute_snapshot(
            "2026-01-01", "2026-03-31"
        )
        for login, groups in ROLES.items():
            new_test_user(self.env, login=f"tour_{login}", groups=groups)
            with self.subTest(role=login):
                self.start_tour(
                    "/odoo", "advisory_kpi_dashboard_tour", login=f"tour_{login}"
                )
