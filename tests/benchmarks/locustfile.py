"""Locust users of the load benchmark (``setup/bench load``; issue 17).

Each class is a role logging in through ``/web/session/authenticate`` and then
sending what Odoo's web client sends for its screens: ``/web/action/load`` for a
menu, ``get_views`` once per action (as the client caches them), the
specifications of ``web_search_read`` / ``web_read`` / ``web_save`` derived from
the views' arch and fields (so that they follow the views), ``web_read_group`` +
``read_progress_bar`` + one ``web_search_read`` per open column for a grouped
kanban, ``/web/dataset/call_button`` for buttons, the portal's pages and form
posts with their CSRF token.

Request kinds are named ``ours: ...`` (our addons' screens and actions) and
``odoo: ...`` (Odoo's own screens on the same data, as a salesperson and a
portal user: Contacts, the CRM pipeline, the portal home), so that
``load_report.py`` compares them.

Environment: ``LOAD_PLAN`` (the JSON written by ``bench_load.write_plan``) and
``LOAD_DB`` (the database). Every request's time is also written to
``<--csv prefix>_samples.csv``: Locust's own percentiles are rounded to two
digits, and ``load_report.py`` pools the request kinds of one screen.
"""

import ast
import csv
import itertools
import json
import os
import random
import re
from xml.etree import ElementTree

from locust import HttpUser, between, events, task
from locust.exception import RescheduleTask

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as _plan_file:
    PLAN = json.load(_plan_file)
DB = os.environ["LOAD_DB"]
# the Odoo servers ("hosts") sharing the database and the sessions: each request
# of a simulated user goes to the next one, as behind a load balancer without
# sticky sessions (empty: Locust's --host only)
HOSTS = [url for url in os.environ.get("LOAD_HOSTS", "").split(",") if url]
# every request's (kind, milliseconds, failed), written at the end of the run
SAMPLES = []


@events.request.add_listener
def _record_sample(name, response_time, exception, **_kwargs):
    SAMPLES.append((name, round(response_time, 1), int(exception is not None)))


@events.test_stop.add_listener
def _write_samples(environment, **_kwargs):
    prefix = environment.parsed_options and environment.parsed_options.csv_prefix
    if not prefix:
        return
    with open(f"{prefix}_samples.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("name", "ms", "failed"))
        writer.writerows(SAMPLES)


# records a simulated user is acting on (a proposal to approve): all users run as
# greenlets of one process, so a plain set shared by them is enough
CLAIMED = set()
X2MANY_LIMIT = 40
LIST_LIMIT = 80
KANBAN_LIMIT = 40
CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
_ids = itertools.count(1)
_logins = {}


def _next_login(role):
    counter = _logins.setdefault(role, itertools.count())
    logins = PLAN[role]
    return logins[next(counter) % len(logins)]


def _literal(text, uid):
    """An action's or filter's domain / context, as the web client evaluates it
    (only ``uid`` is needed by the views used here)."""
    if not text:
        return None
    if not isinstance(text, str):
        return text
    try:
        return ast.literal_eval(re.sub(r"\buid\b", str(uid), text.strip()))
    except (ValueError, SyntaxError):
        return None


def _spec(node, models, model):
    """The ``specification`` the web client builds from a view's arch."""
    fields = models.get(model, {}).get("fields", {})
    spec = {}
    for child in node:
        if child.tag != "field":
            for name, sub in _spec(child, models, model).items():
                spec.setdefault(name, sub)
            continue
        name = child.get("name")
        info = fields.get(name)
        if not info:
            continue
        field_type = info["type"]
        if field_type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field_type in ("one2many", "many2many"):
            subview = next(
                (sub for sub in child if sub.tag in ("list", "kanban")), None
            )
            relation = info.get("relation")
            if subview is not None and relation in models:
                sub_fields = _spec(subview, models, relation)
            else:
                sub_fields = {"display_name": {}}
            spec[name] = {"fields": sub_fields, "limit": X2MANY_LIMIT}
        else:
            spec.setdefault(name, {})
    return spec


class OdooUser(HttpUser):
    """A person working in Odoo: logs in, then opens screens and clicks buttons."""

    abstract = True
    wait_time = between(2, 6)  # think time between two screens
    role = None
    side = "ours"

    # --- plumbing -----------------------------------------------------------------
    def on_start(self):
        self.login = _next_login(self.role)
        self.views_cache = {}
        self.uid = None
        self.user_context = {}
        self.hosts = itertools.cycle(HOSTS or [""])
        self.authenticate()

    def url(self, path):
        """``path`` on the next server (see :data:`HOSTS`)."""
        return next(self.hosts) + path

    def authenticate(self):
        result = self.rpc(
            "/web/session/authenticate",
            {"db": DB, "login": self.login, "password": PLAN["password"]},
            f"{self.side}: login",
        )
        self.uid = result["uid"]
        self.user_context = result["user_context"]

    def rpc(self, url, params, name):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids)}
        payload["params"] = params
        with self.client.post(
            self.url(url), json=payload, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                failed = True
            else:
                data = response.json()
                failed = "error" in data
                if failed:
                    error = data["error"].get("data", {})
                    response.failure(
                        f"{error.get('name', 'error')}: {error.get('message', data)}"
                    )
        if failed:
            raise RescheduleTask()
        return data["result"]

    def call(self, model, method, args, kwargs, name):
        kwargs = dict(
            kwargs, context=dict(self.user_context, **kwargs.get("context", {}))
        )
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            name,
        )

    def button(self, model, method, record_id, name):
        return self.rpc(
            f"/web/dataset/call_button/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": [[record_id]],
                "kwargs": {"context": self.user_context},
            },
            name,
        )

    def action(self, xmlid, name):
        return self.rpc(
            "/web/action/load",
            {"action_id": xmlid, "context": self.user_context},
            name,
        )

    def views(self, action, name):
        """``get_views`` of an action, once per user (the web client caches them):
        {"specs": {view type: specification}, "archs": ..., "models": ...}."""
        model = action["res_model"]
        view_list = [list(view) for view in action["views"]]
        if not any(kind == "search" for _id, kind in view_list):
            view_list.append([action.get("search_view_id") or False, "search"])
            if isinstance(view_list[-1][0], list):
                view_list[-1][0] = view_list[-1][0][0]
        key = (model, json.dumps(view_list))
        if key not in self.views_cache:
            result = self.call(
                model,
                "get_views",
                [],
                {
                    "views": view_list,
                    "options": {
                        "action_id": action.get("id"),
                        "load_filters": True,
                        "toolbar": True,
                    },
                },
                name,
            )
            archs = {
                kind: ElementTree.fromstring(view["arch"])
                for kind, view in result["views"].items()
            }
            self.views_cache[key] = {
                "archs": archs,
                "specs": {
                    kind: _spec(arch, result["models"], model)
                    for kind, arch in archs.items()
                    if kind != "search"
                },
            }
        return self.views_cache[key]

    def default_domain(self, action, views):
        """The action's domain and its default filters (``search_default_*``)."""
        domain = list(_literal(action.get("domain"), self.uid) or [])
        context = _literal(action.get("context"), self.uid) or {}
        search = views["archs"].get("search")
        for key, value in context.items():
            if not key.startswith("search_default_") or not value or search is None:
                continue
            name = key[len("search_default_") :]
            for node in search.iter("filter"):
                if node.get("name") == name and node.get("domain"):
                    domain += _literal(node.get("domain"), self.uid) or []
        return domain

    def search_filter(self, views, field, term):
        """The domain of typing ``term`` in the search box on ``field``."""
        for node in views["archs"]["search"].iter("field"):
            if node.get("name") == field and node.get("filter_domain"):
                text = node.get("filter_domain").replace("self", repr(term))
                domain = _literal(text, self.uid)
                if domain is None:
                    raise ValueError(f"cannot read the filter domain {text!r}")
                return domain
        return [(field, "ilike", term)]

    def search_list(self, action, views, domain, name, limit=LIST_LIMIT):
        return self.call(
            action["res_model"],
            "web_search_read",
            [],
            {
                "domain": domain,
                "specification": views["specs"]["list"],
                "offset": 0,
                "order": "",
                "limit": limit,
                "count_limit": 10001,
            },
            name,
        )["records"]

    def form(self, model, views, record_id, name):
        return self.call(
            model,
            "web_read",
            [[record_id]],
            {"specification": views["specs"]["form"]},
            name,
        )[0]

    def kanban(self, action, views, domain, label):
        """A grouped kanban: columns, progress bars, then the cards of each
        column (one request per unfolded column)."""
        model = action["res_model"]
        arch = views["archs"]["kanban"]
        group_by = arch.get("default_group_by")
        progress = arch.find("progressbar")
        aggregates = ["__count"]
        if progress is not None and progress.get("sum_field"):
            aggregates.append(f"{progress.get('sum_field')}:sum")
        groups = self.call(
            model,
            "web_read_group",
            [],
            {
                "domain": domain,
                "fields": aggregates,
                "groupby": [group_by],
                "orderby": "",
                "lazy": True,
                "limit": 80,
                "offset": 0,
            },
            f"{label} columns",
        )["groups"]
        if progress is not None:
            self.call(
                model,
                "read_progress_bar",
                [],
                {
                    "domain": domain,
                    "group_by": group_by,
                    "progress_bar": {
                        key: _literal(value, self.uid) if key == "colors" else value
                        for key, value in progress.attrib.items()
                    },
                },
                f"{label} progress bars",
            )
        cards = []
        for group in groups:
            if group.get("__fold") or not group.get(f"{group_by}_count"):
                continue
            cards += self.call(
                model,
                "web_search_read",
                [],
                {
                    "domain": group["__domain"],
                    "specification": views["specs"]["kanban"],
                    "offset": 0,
                    "order": "",
                    "limit": KANBAN_LIMIT,
                    "count_limit": 10001,
                },
                f"{label} cards",
            )["records"]
        return cards


class AdvisoryStaff(OdooUser):
    abstract = True

    def open(self, xmlid):
        action = self.action(xmlid, "ours: menu (action load)")
        return action, self.views(action, "ours: views (get_views)")

    def client_search(self, terms):
        """Clients list, a search by name, ref or registration number, then the
        form of a client found (the partner form with its smart buttons)."""
        action, views = self.open(
            "advisory_client_mgmt.res_partner_action_advisory_client"
        )
        name, ref, number = random.choice(terms)
        how, term = random.choice(
            (("name", name), ("ref", ref), ("registration number", number))
        )
        domain = self.default_domain(action, views) + self.search_filter(
            views, "name", term
        )
        records = self.search_list(
            action, views, domain, f"ours: client search by {how}"
        )
        if records:
            self.form("res.partner", views, records[0]["id"], "ours: client form")
        return records


class Advisor(AdvisoryStaff):
    role = "advisor"
    weight = 10

    def on_start(self):
        super().on_start()
        self.terms = PLAN["clients_of"].get(self.login) or PLAN["clients"]
        self.client_ids = []

    @task(5)
    def search_client(self):
        records = self.client_search(self.terms)
        self.client_ids = list({*self.client_ids, *(r["id"] for r in records)})[-20:]

    @task(3)
    def engagement_kanban(self):
        action, views = self.open("advisory_client_mgmt.advisory_engagement_action")
        cards = self.kanban(
            action,
            views,
            self.default_domain(action, views),
            "ours: engagement kanban",
        )
        open_cards = [
            card for card in cards if card.get("state") not in ("done", "cancelled")
        ]
        if open_cards:
            self.form(
                "advisory.engagement",
                views,
                random.choice(open_cards)["id"],
                "ours: engagement form",
            )

    @task(1)
    def submit_proposal(self):
        """New proposal on one of the advisor's open engagements, saved, submitted
        for review, then the form read again."""
        action, views = self.open("advisory_client_mgmt.advisory_proposal_action")
        engagements = self.call(
            "advisory.engagement",
            "web_search_read",
            [],
            {
                "domain": [("state", "not in", ("done", "cancelled"))],
                "specification": {"display_name": {}},
                "limit": 20,
            },
            "ours: engagement choice (many2one search)",
        )["records"]
        if not engagements:
            return
        saved = self.call(
            "advisory.proposal",
            "web_save",
            [
                [],
                {
                    "engagement_id": random.choice(engagements)["id"],
                    "summary": "<p>Restructuring of the debt.</p>",
                    "risk_disclosure": "<p>Interest rate risk.</p>",
                    "fee_estimate": 12000,
                },
            ],
            {"specification": views["specs"]["form"]},
            "ours: proposal save",
        )[0]
        self.button(
            "advisory.proposal", "action_submit", saved["id"], "ours: proposal submit"
        )
        self.form("advisory.proposal", views, saved["id"], "ours: proposal form")

    @task(2)
    def ticket(self):
        """A ticket logged for a client after a call, acknowledged and started."""
        if not self.client_ids:
            self.search_client()
            if not self.client_ids:
                return
        action, views = self.open("advisory_feedback.advisory_feedback_action")
        self.kanban(
            action, views, self.default_domain(action, views), "ours: ticket kanban"
        )
        saved = self.call(
            "advisory.feedback",
            "web_save",
            [
                [],
                {
                    "partner_id": random.choice(self.client_ids),
                    "subject": "Late quarterly report",
                    "description": "The client called: the report came a week late.",
                    "channel": "phone",
                    "category": "complaint",
                },
            ],
            {"specification": views["specs"]["form"]},
            "ours: ticket create",
        )[0]
        for method in ("action_acknowledge", "action_start"):
            self.button(
                "advisory.feedback", method, saved["id"], "ours: ticket advance"
            )
        self.form("advisory.feedback", views, saved["id"], "ours: ticket form")


class Manager(AdvisoryStaff):
    role = "manager"
    weight = 2

    @task(2)
    def search_client(self):
        self.client_search(PLAN["clients"])

    @task(2)
    def kpi_dashboard(self):
        """The KPI dashboard (a server action opening the latest snapshot's cards),
        then a drill-down: the clients counted in a KPI."""
        server_action = self.action(
            "advisory_feedback.advisory_kpi_snapshot_action_server_dashboard",
            "ours: menu (action load)",
        )
        action = self.rpc(
            "/web/action/run",
            {"action_id": server_action["id"], "context": self.user_context},
            "ours: kpi dashboard (action run)",
        )
        views = self.views(action, "ours: views (get_views)")
        cards = self.call(
            action["res_model"],
            "web_search_read",
            [],
            {
                "domain": self.default_domain(action, views),
                "specification": views["specs"]["kanban"],
                "limit": LIST_LIMIT,
                "count_limit": 10001,
            },
            "ours: kpi dashboard cards",
        )["records"]
        drillable = [
            c
            for c in cards
            if c.get("kpi_code")
            in ("churn_rate", "satisfaction_rate", "strategic_partner_share")
        ]
        if not drillable:
            return
        target = self.button(
            action["res_model"],
            "action_open_numerator",
            random.choice(drillable)["id"],
            "ours: kpi drill-down (button)",
        )
        target_views = self.views(target, "ours: views (get_views)")
        self.search_list(
            target,
            target_views,
            self.default_domain(target, target_views),
            "ours: kpi drill-down list",
        )

    @task(1)
    def engagement_kanban(self):
        action, views = self.open("advisory_client_mgmt.advisory_engagement_action")
        self.kanban(
            action, views, self.default_domain(action, views), "ours: engagement kanban"
        )


class Reviewer(AdvisoryStaff):
    """A manager working through the proposals to review."""

    role = "reviewer"
    weight = 2

    @task
    def review(self):
        action, views = self.open("advisory_client_mgmt.advisory_proposal_action")
        queue = self.search_list(
            action, views, [("state", "=", "to_review")], "ours: review queue"
        )
        mine = [p["id"] for p in queue if p["id"] not in CLAIMED]
        if not mine:
            return
        proposal_id = mine[0]
        CLAIMED.add(proposal_id)
        self.form("advisory.proposal", views, proposal_id, "ours: proposal form")
        self.button(
            "advisory.proposal", "validate_tier", proposal_id, "ours: review approve"
        )


class RiskOfficer(AdvisoryStaff):
    role = "risk"
    weight = 1

    @task(2)
    def search_client(self):
        self.client_search(PLAN["clients"])

    @task(1)
    def watchlist(self):
        action, views = self.open("advisory_risk_rating.advisory_risk_alert_action")
        self.search_list(
            action, views, self.default_domain(action, views), "ours: risk watchlist"
        )


class PortalClient(OdooUser):
    role = "portal"
    weight = 3

    def get(self, url, name):
        with self.client.get(self.url(url), name=name, catch_response=True) as response:
            if response.status_code != 200 or "/web/login" in response.url:
                response.failure(f"HTTP {response.status_code} at {response.url}")
                raise RescheduleTask()
            return response.text

    @task(3)
    def ticket_list(self):
        self.get("/my/feedback", "ours: portal ticket list")

    @task(2)
    def portal_home(self):
        self.get("/my/home", "odoo: portal home")

    @task(1)
    def new_ticket(self):
        page = self.get("/my/feedback/new", "ours: portal ticket form")
        token = CSRF_RE.search(page)
        with self.client.post(
            self.url("/my/feedback/new"),
            data={
                "csrf_token": token and token.group(1),
                "subject": "Question about the invoice",
                "description": "The last invoice mentions a service we did not get.",
                "category": "fees",
                "priority": "1",
            },
            name="ours: portal ticket create",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if (
                response.status_code not in (302, 303)
                or "/my/feedback/" not in location
            ):
                response.failure(f"HTTP {response.status_code}, no new ticket")


class Salesperson(OdooUser):
    """Odoo's own screens on the same data: Contacts and the CRM pipeline."""

    role = "sales"
    side = "odoo"
    weight = 6

    def open(self, xmlid):
        action = self.action(xmlid, "odoo: menu (action load)")
        return action, self.views(action, "odoo: views (get_views)")

    @task(5)
    def contacts(self):
        action, views = self.open("contacts.action_contacts")
        if "list" not in views["specs"]:
            return
        name, _ref, _number = random.choice(PLAN["clients"])
        domain = self.default_domain(action, views) + self.search_filter(
            views, "name", name
        )
        records = self.search_list(action, views, domain, "odoo: contacts search")
        if records:
            self.form("res.partner", views, records[0]["id"], "odoo: contacts form")

    @task(3)
    def pipeline(self):
        action, views = self.open("crm.crm_lead_action_pipeline")
        cards = self.kanban(
            action, views, self.default_domain(action, views), "odoo: crm pipeline"
        )
        if cards:
            self.form(
                "crm.lead", views, random.choice(cards)["id"], "odoo: crm lead form"
            )
