"""The shipped dashboards against the registry.

Their files parse; every model, field, measure, group-by, order, domain and filter
matching of their pivots, lists and charts exists and is used as the server allows it
(each data source is run as a manager would run it); their formulas refer to what
their pivots and lists define; each dashboard is shown only to roles that read every
record of its data; a sample shows while there is no data."""

import datetime
import io
import json
import re

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import extract_spreadsheet_terms

GROUP = "advisory_dashboard.spreadsheet_dashboard_group_advisory"
MANAGER = "advisory_client_mgmt.group_advisory_manager"
EXECUTIVE = "advisory_client_mgmt.group_advisory_executive"
# dashboard: (main data model, roles shown the dashboard)
DASHBOARDS = {
    "advisory_dashboard.spreadsheet_dashboard_client_portfolio": (
        "advisory.lifecycle.event",
        {MANAGER, EXECUTIVE},
    ),
    "advisory_dashboard.spreadsheet_dashboard_pipeline_contracts": (
        "advisory.engagement",
        {MANAGER},
    ),
    "advisory_dashboard.spreadsheet_dashboard_service_quality": (
        "advisory.feedback",
        {MANAGER},
    ),
    "advisory_dashboard.spreadsheet_dashboard_targets": (
        "advisory.kpi.snapshot.line",
        {MANAGER, EXECUTIVE},
    ),
}
GRANULARITIES = {"day", "week", "month", "quarter", "year"}
FORMULA = re.compile(r"(PIVOT\.VALUE|PIVOT\.HEADER|ODOO\.LIST)\(([^()]*)\)")
MENU_LINK = re.compile(r"^\[[^\]]+\]\(odoo://ir_menu_xml_id/([\w.]+)\)$")
ODOO_FUNCTION = re.compile(r"\b(PIVOT|ODOO)(\.\w+)*\(")


def formula_args(text):
    """The arguments of a generated formula: numbers, "strings", or expressions."""
    args, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            args.append(current)
            current = ""
        else:
            current += char
    args.append(current)
    return [json.loads(arg) if arg.startswith('"') else arg for arg in args]


def evaluate_domain(domain):
    """A data source's domain as the browser evaluates it (with the user's today)."""
    if isinstance(domain, str):
        return safe_eval(
            domain,
            {"context_today": datetime.date.today, "relativedelta": relativedelta},
        )
    return domain


def odoo_charts(data):
    return [
        figure
        for sheet in data["sheets"]
        for figure in sheet["figures"]
        if figure["data"]["type"].startswith("odoo_")
    ]


def data_sources(data):
    """(label, model, domain, field matching) of every pivot, list and chart."""
    for pivot_id, pivot in data["pivots"].items():
        yield (
            f"pivot {pivot_id} {pivot['name']}",
            pivot["model"],
            evaluate_domain(pivot["domain"]),
            pivot["fieldMatching"],
        )
    for list_id, odoo_list in data["lists"].items():
        yield (
            f"list {list_id} {odoo_list['name']}",
            odoo_list["model"],
            evaluate_domain(odoo_list["domain"]),
            odoo_list["fieldMatching"],
        )
    for figure in odoo_charts(data):
        chart = figure["data"]
        yield (
            f"chart {figure['id']}",
            chart["metaData"]["resModel"],
            evaluate_domain(chart["searchParams"]["domain"]),
            chart["fieldMatching"],
        )


@tagged("post_install", "-at_install")
class TestDashboardData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        companies = cls.env["res.company"].search([])
        cls.users = {}
        for login, group in [
            ("dash_manager", MANAGER),
            ("dash_executive", EXECUTIVE),
            ("dash_advisor", "advisory_client_mgmt.group_advisory_user"),
            ("dash_legal", "advisory_client_mgmt.group_advisory_legal"),
            ("dash_risk", "advisory_risk_rating.group_advisory_risk_officer"),
            ("dash_employee", "base.group_user"),
        ]:
            user = new_test_user(cls.env, login=login, groups=group)
            user.company_ids = companies
            cls.users[group] = user
        cls.manager = cls.users[MANAGER]
        cls.dashboards = {xmlid: cls.env.ref(xmlid) for xmlid in DASHBOARDS}

    def _live(self, dashboard):
        return json.loads(dashboard.spreadsheet_data)

    def _sample(self, dashboard):
        with file_open(dashboard.sample_dashboard_file_path) as file:
            return json.load(file)

    def _as(self, user, model):
        env = self.env(
            user=user,
            context=dict(self.env.context, allowed_company_ids=user.company_ids.ids),
        )
        return env[model]

    def _field_chain(self, model, chain):
        """The fields of a dotted chain from ``model``: each must exist."""
        fields = []
        for name in chain.split("."):
            self.assertTrue(
                name in self.env[model]._fields, f"no field {model}.{name} ({chain})"
            )
            field = self.env[model]._fields[name]
            fields.append(field)
            model = field.comodel_name or model
        return fields

    # ------------------------------------------------------------------

    def test_four_published_dashboards_in_the_advisory_group(self):
        group = self.env.ref(GROUP)
        self.assertEqual(group.name, "Advisory")
        self.assertEqual(
            group.published_dashboard_ids,
            self.env["spreadsheet.dashboard"].browse(
                [dashboard.id for dashboard in self.dashboards.values()]
            ),
        )
        self.assertEqual(
            group.published_dashboard_ids.mapped("name"),
            [
                "Client Portfolio",
                "Pipeline and Contracts",
                "Service Quality",
                "Targets",
            ],
        )
        for xmlid, (main_model, groups) in DASHBOARDS.items():
            dashboard = self.dashboards[xmlid]
            with self.subTest(dashboard=dashboard.name):
                self.assertEqual(dashboard.main_data_model_ids.model, main_model)
                self.assertEqual(
                    set(dashboard.group_ids.get_external_id().values()), groups
                )
                self.assertFalse(dashboard.company_id)

    def test_files_parse(self):
        """The live file (stored on the dashboard) and the sample parse, and the
        dashboard holds its file as shipped."""
        for dashboard in self.dashboards.values():
            with self.subTest(dashboard=dashboard.name):
                live = self._live(dashboard)
                sample = self._sample(dashboard)
                path = dashboard.sample_dashboard_file_path.replace(
                    "_sample_dashboard.json", "_dashboard.json"
                )
                with file_open(path) as file:
                    self.assertEqual(live, json.load(file))
                for data in (live, sample):
                    self.assertEqual(
                        [sheet["name"] for sheet in data["sheets"]],
                        ["Dashboard", "Data"],
                    )
                self.assertTrue(live["pivots"])
                self.assertTrue(live["globalFilters"])

    def test_pivots_exist_and_group(self):
        """Each pivot's model, measures, row and column group-bys, sorting and
        action exist, and the pivot's read_group runs as a manager."""
        for dashboard in self.dashboards.values():
            for pivot in self._live(dashboard)["pivots"].values():
                with self.subTest(dashboard=dashboard.name, pivot=pivot["name"]):
                    Model = self._as(self.manager, pivot["model"])
                    described = Model.fields_get(
                        attributes=["type", "groupable", "aggregator"]
                    )
                    groupbys = []
                    for dimension in pivot["rows"] + pivot["columns"]:
                        name = dimension["fieldName"]
                        self.assertTrue(
                            name in described, f"group-by {name} not readable"
                        )
                        self.assertTrue(described[name]["groupable"], name)
                        granularity = dimension.get("granularity")
                        if described[name]["type"] in ("date", "datetime"):
                            self.assertIn(granularity, GRANULARITIES)
                            groupbys.append(f"{name}:{granularity}")
                        else:
                            self.assertFalse(granularity, name)
                            groupbys.append(name)
                    measures = []
                    for measure in pivot["measures"]:
                        name = measure["fieldName"]
                        self.assertEqual(
                            measure["id"],
                            ":".join(filter(None, [name, measure.get("aggregator")])),
                        )
                        if name == "__count":
                            measures.append(name)
                            continue
                        self.assertTrue(
                            name in described, f"measure {name} not readable"
                        )
                        self.assertIn(
                            described[name]["type"], ("integer", "float", "monetary")
                        )
                        self.assertTrue(described[name]["aggregator"], name)
                        measures.append(f"{name}:{measure['aggregator']}")
                    if pivot["sortedColumn"]:
                        self.assertIn(
                            pivot["sortedColumn"]["measure"],
                            [m["fieldName"] for m in pivot["measures"]],
                        )
                    self._check_action(pivot.get("actionXmlId"), pivot["model"])
                    Model.read_group(
                        evaluate_domain(pivot["domain"]), measures, groupbys, lazy=False
                    )

    def test_lists_exist_and_sort(self):
        for dashboard in self.dashboards.values():
            for odoo_list in self._live(dashboard)["lists"].values():
                with self.subTest(dashboard=dashboard.name, list=odoo_list["name"]):
                    Model = self._as(self.manager, odoo_list["model"])
                    described = Model.fields_get(attributes=["type", "sortable"])
                    for column in odoo_list["columns"]:
                        self.assertTrue(
                            column in described, f"column {column} not readable"
                        )
                    order = []
                    for order_by in odoo_list["orderBy"]:
                        self.assertTrue(described[order_by["name"]]["sortable"])
                        order.append(
                            f"{order_by['name']} {'asc' if order_by['asc'] else 'desc'}"
                        )
                    self._check_action(odoo_list.get("actionXmlId"), odoo_list["model"])
                    Model.search_read(
                        evaluate_domain(odoo_list["domain"]),
                        odoo_list["columns"],
                        order=", ".join(order) or None,
                        limit=10,
                    )

    def test_charts_exist_and_group(self):
        for dashboard in self.dashboards.values():
            data = self._live(dashboard)
            for figure in odoo_charts(data):
                chart = figure["data"]
                meta = chart["metaData"]
                with self.subTest(dashboard=dashboard.name, chart=figure["id"]):
                    self.assertEqual(chart["type"], f"odoo_{meta['mode']}")
                    self.assertEqual(meta["groupBy"], chart["searchParams"]["groupBy"])
                    Model = self._as(self.manager, meta["resModel"])
                    described = Model.fields_get(
                        attributes=["type", "groupable", "aggregator"]
                    )
                    for groupby in meta["groupBy"]:
                        name, _sep, granularity = groupby.partition(":")
                        self.assertTrue(described[name]["groupable"], name)
                        if granularity:
                            self.assertIn(described[name]["type"], ("date", "datetime"))
                            self.assertIn(granularity, GRANULARITIES)
                    measure = meta["measure"]
                    fields = ["__count"]
                    if measure != "__count":
                        aggregator = described[measure]["aggregator"]
                        self.assertTrue(aggregator, measure)
                        fields = [f"{measure}:{aggregator}"]
                    Model.read_group(
                        evaluate_domain(chart["searchParams"]["domain"]),
                        fields,
                        meta["groupBy"],
                        lazy=False,
                    )
            for figure_id, menu in data["chartOdooMenusReferences"].items():
                self.assertIn(figure_id, [f["id"] for f in odoo_charts(data)])
                self._check_menu(menu)

    def test_domains_and_filter_matchings(self):
        """The fields of every domain are searchable; every global filter applies to
        a field of its kind (a date to a date, a company to a many2one to
        res.company, ...) that can be searched."""
        for dashboard in self.dashboards.values():
            data = self._live(dashboard)
            filters = {f["id"]: f for f in data["globalFilters"]}
            for global_filter in filters.values():
                if global_filter["type"] == "relation":
                    self.assertIn(global_filter["modelName"], self.env)
            for label, model, domain, matching in data_sources(data):
                with self.subTest(dashboard=dashboard.name, source=label):
                    for leaf in domain:
                        if isinstance(leaf, list | tuple):
                            fields = self._field_chain(model, leaf[0])
                            self.assertTrue(fields[-1]._description_searchable)
                    for filter_id, match in matching.items():
                        self.assertIn(filter_id, filters)
                        global_filter = filters[filter_id]
                        field = self._field_chain(model, match["chain"])[-1]
                        self.assertEqual(field.type, match["type"])
                        self.assertTrue(field._description_searchable)
                        if global_filter["type"] == "date":
                            self.assertIn(field.type, ("date", "datetime"))
                            self.assertIn(match["offset"], (0, -1))
                            value = datetime.date.today()
                        else:
                            self.assertEqual(
                                field.comodel_name, global_filter["modelName"]
                            )
                            value = [self.manager.id]
                        operator = ">=" if global_filter["type"] == "date" else "in"
                        self._as(self.manager, model).search_count(
                            [*domain, (match["chain"], operator, value)]
                        )

    def test_formulas_refer_to_their_sources(self):
        """PIVOT.VALUE / PIVOT.HEADER / ODOO.LIST name a pivot or list of the file, a
        measure of that pivot, its group-bys in their order, values of their
        selections; scorecards and charts read cells of existing sheets."""
        for dashboard in self.dashboards.values():
            data = self._live(dashboard)
            with self.subTest(dashboard=dashboard.name):
                for sheet in data["sheets"]:
                    for ref, cell in sheet["cells"].items():
                        for function, args in FORMULA.findall(cell.get("content", "")):
                            self._check_formula(
                                data, f"{sheet['name']}!{ref}", function, args
                            )
                self._check_ranges(data)

    def _check_formula(self, data, where, function, text):
        args = formula_args(text)
        if function == "ODOO.LIST":
            list_id, _index, field = args
            self.assertIn(list_id, data["lists"], where)
            self.assertIn(field, data["lists"][list_id]["columns"], where)
            return
        pivot = data["pivots"].get(args[0])
        self.assertTrue(pivot, where)
        if function == "PIVOT.VALUE":
            self.assertIn(args[1], [m["id"] for m in pivot["measures"]], where)
            args = args[2:]
        else:
            args = args[1:]

        def dimensions(key):
            return [
                ":".join(filter(None, [d["fieldName"], d.get("granularity")]))
                for d in pivot[key]
            ]

        # some of the rows in their order, then some of the columns in theirs (as
        # o-spreadsheet accepts them)
        names = [name.lstrip("#") for name in args[::2]]
        rows = dimensions("rows")
        matched = 0
        while matched < min(len(names), len(rows)) and names[matched] == rows[matched]:
            matched += 1
        columns = names[matched:]
        self.assertEqual(columns, dimensions("columns")[: len(columns)], where)
        fields = self.env[pivot["model"]]._fields
        for name, value in zip(args[::2], args[1::2], strict=False):
            field = fields[name.lstrip("#").split(":")[0]]
            if name.startswith("#"):
                self.assertRegex(value, r"^\d+$", where)
            elif field.type == "selection":
                keys = [key for key, _label in field._description_selection(self.env)]
                self.assertIn(value, [*keys, "false"], where)

    def test_targets_show_every_kpi(self):
        """The Targets table has a row per KPI of the engine: a KPI added to
        advisory_feedback must be added to KPIS in tools/build_advisory_dashboards.py
        (with the format of its value)."""
        dashboard = self.dashboards["advisory_dashboard.spreadsheet_dashboard_targets"]
        shown = set()
        for cell in self._live(dashboard)["sheets"][0]["cells"].values():
            for function, text in FORMULA.findall(cell.get("content", "")):
                # the group-bys and their values, after the pivot (and measure)
                args = formula_args(text)[2 if function == "PIVOT.VALUE" else 1 :]
                shown |= {
                    value
                    for name, value in zip(args[::2], args[1::2], strict=False)
                    if name == "kpi_code"
                }
        field = self.env["advisory.kpi.snapshot.line"]._fields["kpi_code"]
        self.assertEqual(
            shown, {key for key, _label in field._description_selection(self.env)}
        )

    def _check_ranges(self, data):
        sheets = {sheet["name"] for sheet in data["sheets"]}
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                refs = [
                    chart.get("keyValue"),
                    chart.get("baseline"),
                    chart.get("labelRange"),
                ]
                refs += [
                    data_set["dataRange"] for data_set in chart.get("dataSets", [])
                ]
                for ref in filter(None, refs):
                    self.assertIn(ref.split("!")[0], sheets, ref)

    def _check_action(self, xmlid, model):
        if xmlid:
            action = self.env.ref(xmlid)
            self.assertEqual(action._name, "ir.actions.act_window")
            self.assertEqual(action.res_model, model)

    def _check_menu(self, xmlid):
        menu = self.env.ref(xmlid)
        self.assertEqual(menu._name, "ir.ui.menu")
        self.assertTrue(menu.action)
        visible = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(menu.id, visible, xmlid)

    def test_menu_links(self):
        for dashboard in self.dashboards.values():
            for data in (self._live(dashboard), self._sample(dashboard)):
                for sheet in data["sheets"]:
                    for cell in sheet["cells"].values():
                        link = MENU_LINK.match(cell.get("content", ""))
                        if link:
                            self._check_menu(link[1])

    def test_texts_are_translatable(self):
        """No text cell of a dashboard is a literal: labels are _t() formulas or
        link titles, which the translation export collects with the chart titles
        and the filter labels."""
        for dashboard in self.dashboards.values():
            data = self._live(dashboard)
            for sheet in data["sheets"]:
                for ref, cell in sheet["cells"].items():
                    content = cell.get("content", "")
                    self.assertFalse(
                        content
                        and not content.startswith(("=", "["))
                        and not re.fullmatch(r"-?[\d.]+", content),
                        f"{dashboard.name} {sheet['name']}!{ref}: {content}",
                    )
            terms = {
                term
                for _line, _func, term, _comments in extract_spreadsheet_terms(
                    io.StringIO(json.dumps(data)), [], [], {}
                )
            }
            labels = {f["label"] for f in data["globalFilters"]}
            titles = {
                figure["data"]["title"]["text"]
                for figure in data["sheets"][0]["figures"]
                if figure["data"]["title"]["text"]
            }
            self.assertLessEqual(labels | titles, terms)

    def test_samples_are_static_copies(self):
        """A sample has the live dashboard's figures but no data source, filter or
        formula of Odoo data."""
        for dashboard in self.dashboards.values():
            live, sample = self._live(dashboard), self._sample(dashboard)
            with self.subTest(dashboard=dashboard.name):
                self.assertFalse(
                    sample["pivots"] or sample["lists"] or sample["globalFilters"]
                )
                self.assertEqual(
                    [f["id"] for f in sample["sheets"][0]["figures"]],
                    [f["id"] for f in live["sheets"][0]["figures"]],
                )
                for sheet in sample["sheets"]:
                    for ref, cell in sheet["cells"].items():
                        self.assertFalse(
                            ODOO_FUNCTION.search(cell.get("content", "")), ref
                        )
                    for figure in sheet["figures"]:
                        self.assertFalse(figure["data"]["type"].startswith("odoo_"))
                self._check_ranges(sample)

    def test_sample_while_no_data(self):
        dashboard = self.dashboards["advisory_dashboard.spreadsheet_dashboard_targets"]
        shown = dashboard.with_user(self.manager).get_readonly_dashboard()
        self.assertFalse(shown.get("is_sample"))
        self.assertTrue(shown["snapshot"]["pivots"])
        self.env["advisory.kpi.snapshot"].sudo().search([]).unlink()
        shown = dashboard.with_user(self.manager).get_readonly_dashboard()
        self.assertTrue(shown["is_sample"])
        self.assertEqual(shown["snapshot"], self._sample(dashboard))

    # ------------------------------------------------------------------
    # Who sees the dashboards
    # ------------------------------------------------------------------

    def test_roles_see_their_dashboards_only(self):
        group = self.env.ref(GROUP)
        expected = {
            MANAGER: set(DASHBOARDS),
            EXECUTIVE: {
                "advisory_dashboard.spreadsheet_dashboard_client_portfolio",
                "advisory_dashboard.spreadsheet_dashboard_targets",
            },
        }
        for role, user in self.users.items():
            with self.subTest(role=role):
                Dashboard = self._as(user, "spreadsheet.dashboard")
                shown = Dashboard.search([("dashboard_group_id", "=", group.id)])
                self.assertEqual(
                    set(shown.get_external_id().values()), expected.get(role, set())
                )
                # what the Dashboards app reads to list its sections (in a request
                # of its own: nothing read by another user in the cache)
                self.env.invalidate_all()
                sections = self._as(
                    user, "spreadsheet.dashboard.group"
                ).web_search_read(
                    [("published_dashboard_ids", "!=", False)],
                    {"published_dashboard_ids": {"fields": {"name": {}}}},
                )["records"]
                listed = {
                    d["id"]
                    for section in sections
                    if section["id"] == group.id
                    for d in section["published_dashboard_ids"]
                }
                self.assertEqual(listed, set(shown.ids))
                for xmlid, dashboard in self.dashboards.items():
                    if xmlid in expected.get(role, ()):
                        continue
                    with self.assertRaises(AccessError):
                        dashboard.with_user(user).get_readonly_dashboard()

    def test_roles_shown_a_dashboard_read_all_its_records(self):
        """Whoever is shown a dashboard reads every record of each of its data
        sources (no figure silently counts only the user's own clients)."""
        for dashboard in self.dashboards.values():
            data = self._live(dashboard)
            for group in dashboard.group_ids:
                xmlid = group.get_external_id()[group.id]
                user = self.users[xmlid]
                for label, model, domain, _matching in data_sources(data):
                    with self.subTest(
                        dashboard=dashboard.name, role=xmlid, source=label
                    ):
                        every = self.env[model].sudo().with_context(active_test=True)
                        self.assertEqual(
                            self._as(user, model).search_count(domain),
                            every.search_count(domain),
                        )
