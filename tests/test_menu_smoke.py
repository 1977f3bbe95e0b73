"""Every menu of the Advisory app, opened through the web client's own routes as each
role: the action loads (``/web/action/load``; ``/web/action/run`` for a server
action), its views load, and their fields read on the first records. New menus are
covered without editing this test."""

import json
import re
from datetime import date

from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

ROLES = {
    "menu_advisor": "advisory_client_mgmt.group_advisory_user",
    "menu_manager": "advisory_client_mgmt.group_advisory_manager",
    "menu_legal": "advisory_client_mgmt.group_advisory_legal",
    "menu_executive": "advisory_client_mgmt.group_advisory_executive",
    "menu_risk": "advisory_risk_rating.group_advisory_risk_officer",
}
RELATIONAL = ("many2one", "one2many", "many2many", "many2one_reference")
# Buttons that ask for what the form holds (a resolution, an outcome, a signer, a
# reason, a justification): clicked on a record where it is still empty, they answer
# with a readable request for it. Any other answer than a result is a failure.
ASKS_FOR_INPUT = {
    ("advisory.feedback", "action_resolve"),
    ("advisory.improvement.action", "action_done"),
    ("project.project", "action_advisory_close"),
    ("advisory.contract", "action_sign"),
    ("advisory.contract", "action_terminate"),
    ("advisory.client.document", "action_reject"),
    ("advisory.client.document", "action_waive"),
    ("advisory.fund.usage.report", "action_reject"),
    ("advisory.next.action", "action_ignore"),
}
READABLE = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")


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

    # -- header buttons ----------------------------------------------------------------
    # values the web client puts in the evaluation context of `invisible`
    def _eval_context(self, record):
        values = {}
        for name, value in record.items():
            if (
                isinstance(value, list)
                and len(value) == 2
                and isinstance(value[1], str)
            ):
                value = value[0]  # many2one: the web client evaluates its id
            values[name] = value
        return {
            **values,
            "context": {},
            "uid": self.env.uid,
            "today": str(date.today()),
            "current_date": str(date.today()),
            "True": True,
            "False": False,
            "None": None,
        }

    def _shown(self, expression, record):
        if not expression:
            return True
        return not safe_eval(expression, self._eval_context(record))

    def _forms_of_menus(self):
        forms = {}
        for menu in self._advisory_menus():
            action = self._rpc("/web/action/load", action_id=menu["actionID"])
            if action.get("type") != "ir.actions.act_window":
                continue
            view_ids = [vid for vid, kind in action["views"] if kind == "form"]
            if "form" in action["view_mode"].split(","):
                forms.setdefault(
                    action["res_model"], view_ids[0] if view_ids else False
                )
        return forms

    def _header_buttons(self, model, view_id):
        result = self._call_kw(model, "get_views", [], views=[[view_id, "form"]])
        arch = etree.fromstring(result["views"]["form"]["arch"])
        buttons = [
            button
            for button in arch.xpath("//header//button[@name]")
            if button.get("type") in ("object", "action")
        ]
        return buttons, result["models"][model]["fields"]

    def _click(self, model, button, record_id):
        if button.get("type") == "action":
            route, params = "/web/action/load", {"action_id": button.get("name")}
        else:
            route = f"/web/dataset/call_button/{model}/{button.get('name')}"
            params = {
                "model": model,
                "method": button.get("name"),
                "args": [[record_id]],
                "kwargs": {"context": {}},
            }
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        response = self.url_open(
            route,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        return response.json().get("error")

    def test_every_header_button_as_every_role(self):
        """Every header button of every Advisory form, clicked through the web
        client's route as each role, on a record where the button shows for that
        role: it does its work or opens its wizard, never answers with an error.
        Forms, buttons and their `invisible` conditions are read from the views the
        role gets, so new buttons are covered without editing this test."""
        clicked, failures = 0, []
        for login in ROLES:
            self.authenticate(login, login)
            for model, view_id in self._forms_of_menus().items():
                buttons, fields = self._header_buttons(model, view_id)
                names = {
                    name
                    for button in buttons
                    for name in re.findall(
                        r"[a-z_][a-z0-9_]*", button.get("invisible") or ""
                    )
                    if name in fields
                }
                records = self._call_kw(
                    model, "search_read", [], fields=sorted(names), limit=80
                )
                for button in buttons:
                    record = next(
                        (r for r in records if self._shown(button.get("invisible"), r)),
                        None,
                    )
                    if record is None:
                        continue
                    label = f"{login}: {model} {button.get('name')} on #{record['id']}"
                    # each click is undone: the next button finds the demo data
                    self.env.flush_all()
                    self.env.cr.execute("SAVEPOINT header_button")
                    try:
                        error = self._click(model, button, record["id"])
                    finally:
                        self.env.cr.execute("ROLLBACK TO SAVEPOINT header_button")
                        self.env.invalidate_all()
                    clicked += 1
                    if error and not (
                        (model, button.get("name")) in ASKS_FOR_INPUT
                        and error["data"]["name"] in READABLE
                    ):
                        failures.append(
                            f"{label}: {error['data']['name']}: "
                            f"{error['data']['message'].splitlines()[0]}"
                        )
        self.assertFalse(failures, "\n".join(failures))
        self.assertGreater(clicked, 50)


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
