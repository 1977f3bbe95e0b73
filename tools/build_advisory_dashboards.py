#!/usr/bin/env python3
"""Build the spreadsheet files of the addon advisory_dashboard.

Odoo 18 Community cannot edit a dashboard in the browser (that is Enterprise's
spreadsheet_edition): its dashboards are JSON files shipped with an addon. Ours are
written by this script rather than by hand, so that the four dashboards and their four
sample files share one layout, one set of global filters and one description of every
pivot, list and chart:

    python3 tools/build_advisory_dashboards.py          # write the eight files
    python3 tools/build_advisory_dashboards.py --check  # exit 1 if a file differs

Each dashboard is described once (``portfolio``, ``pipeline``, ``service_quality``,
``targets``) and built twice: *live* (pivots, lists and charts of the models, with the
global filters Period, Company and Relationship manager) and *sample* (the same screen
with invented numbers and no data source, which Odoo shows while the database has no
data yet). tests/test_dashboard_files.py checks that the shipped files are what this
script writes; advisory_dashboard/tests check every model, field, measure and group-by
the files use against the registry.

Every text a user reads is a ``_t("...")`` formula, a chart title or a filter label:
Odoo's translation export (``extract_spreadsheet_terms``) collects those from the files
named ``*_dashboard.json`` under ``data/``.
"""

import argparse
import json
import pathlib
import sys
import uuid

ADDON_DIR = pathlib.Path(__file__).resolve().parent.parent / "advisory_dashboard"
FILES_DIR = ADDON_DIR / "data" / "files"
NAMESPACE = uuid.UUID("5b0c2f6e-4d7a-4a52-9d0e-0a4f1f3c7d21")

# o-spreadsheet's defaults
ROW_HEIGHT = 23
# the column grid of every dashboard: two halves of a label and three value columns
COLUMNS = [190, 95, 95, 110, 20, 190, 95, 95, 110]
LEFT, RIGHT = 0, 5  # first column of each half
HALF_WIDTH = sum(COLUMNS[0:4])
FULL_WIDTH = sum(COLUMNS)

STYLES = {
    "title": {"textColor": "#01666b", "bold": True, "fontSize": 16},
    "subtitle": {"textColor": "#01666b", "bold": True, "fontSize": 12},
    "head": {
        "textColor": "#434343",
        "bold": True,
        "fontSize": 11,
        "verticalAlign": "bottom",
    },
    "head_num": {
        "textColor": "#434343",
        "bold": True,
        "fontSize": 11,
        "align": "right",
        "verticalAlign": "bottom",
        "wrapping": "wrap",
    },
    "label": {"textColor": "#01666b", "verticalAlign": "middle"},
    "body": {"textColor": "#434343", "verticalAlign": "middle"},
    "total": {"textColor": "#434343", "bold": True, "verticalAlign": "middle"},
    "center": {"textColor": "#434343", "verticalAlign": "middle", "align": "center"},
    "head_center": {
        "textColor": "#434343",
        "bold": True,
        "fontSize": 11,
        "align": "center",
        "verticalAlign": "bottom",
        "wrapping": "wrap",
    },
    "note": {"textColor": "#6c757d", "italic": True, "fontSize": 9},
    "data_head": {"bold": True},
}
BORDERS = {
    "under": {"bottom": {"style": "thin", "color": "#B7B7B7"}},
    "over": {"top": {"style": "thin", "color": "#B7B7B7"}},
}
FORMATS = {
    "int": "0",
    "amount": "#,##0",
    "percent": "0.0%",
    "score": "0.0",
    "hours": '0.0" h"',
    "days": '0.0" d"',
    "date": "mm/dd/yyyy",
    "month": "mmmm yyyy",
}
LOCALE = {
    "name": "English (US)",
    "code": "en_US",
    "thousandsSeparator": ",",
    "decimalSeparator": ".",
    "dateFormat": "mm/dd/yyyy",
    "timeFormat": "hh:mm:ss",
    "formulaArgSeparator": ",",
    "weekStart": 7,
}
# scorecard backgrounds: the main figures, then those that ask for attention
CARD_BLUE, CARD_ORANGE, CARD_GREEN = "#EFF6FF", "#FFF7ED", "#F0FDF4"
DATA_BAR_COLORS = [15531509, 16708338, 15726335, 16775149]
CARD_GAP = 10


def uid(*parts):
    """A stable identifier: the files do not change when nothing changed."""
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def col_name(col):
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def xc(col, row):
    """Cell reference of 0-based ``col`` and ``row``."""
    return f"{col_name(col)}{row + 1}"


def t(text):
    """A translated label."""
    return f'=_t("{text}")'


def arg(value):
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.startswith("="):
        return value[1:]  # a cell reference or an expression
    return json.dumps(value)


def pivot_value(pivot, measure, *domain):
    return "PIVOT.VALUE(" + ",".join([pivot, arg(measure), *map(arg, domain)]) + ")"


def ratio(part, whole):
    """``part`` / ``whole``, empty when ``whole`` is empty or zero."""
    return f'IFERROR({part}/{whole},"")'


def pivot_header(pivot, *domain):
    return "PIVOT.HEADER(" + ",".join([pivot, *map(arg, domain)]) + ")"


def odoo_list(list_id, index, field):
    return f'ODOO.LIST({list_id},{index},"{field}")'


# ----------------------------------------------------------------------------------
# The spreadsheet
# ----------------------------------------------------------------------------------


class Sheet:
    def __init__(self, book, name, cols):
        self.book = book
        self.id = uid(book.key, "sheet", name)
        self.name = name
        self.cols = cols
        self.rows = {}
        self.cells = {}
        self.styles = {}
        self.formats = {}
        self.borders = {}
        self.figures = []
        self.conditional_formats = []
        self.row_count = 0

    def put(self, col, row, content, style=None, fmt=None, border=None):
        ref = xc(col, row)
        if content not in (None, ""):
            self.cells[ref] = {"content": str(content)}
        if style:
            self.styles[ref] = self.book.register("styles", STYLES[style])
        if fmt:
            self.formats[ref] = self.book.register("formats", FORMATS[fmt])
        if border:
            self.borders[ref] = self.book.register("borders", BORDERS[border])
        self.row_count = max(self.row_count, row + 1)

    def height(self, row, size):
        self.rows[str(row)] = {"size": size}
        self.row_count = max(self.row_count, row + 1)

    def y(self, row):
        """Pixel offset of the top of ``row``."""
        return sum(
            self.rows.get(str(r), {}).get("size", ROW_HEIGHT) for r in range(row)
        )

    def x(self, col):
        return sum(self.cols[:col])

    def export(self):
        return {
            "id": self.id,
            "name": self.name,
            "colNumber": len(self.cols),
            "rowNumber": max(self.row_count + 5, 50),
            "rows": self.rows,
            "cols": {str(i): {"size": size} for i, size in enumerate(self.cols)},
            "merges": [],
            "cells": dict(sorted(self.cells.items(), key=lambda kv: _cell_key(kv[0]))),
            "styles": self.styles,
            "formats": self.formats,
            "borders": self.borders,
            "conditionalFormats": self.conditional_formats,
            "figures": self.figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "dataValidationRules": [],
            "comments": {},
        }


def _cell_key(ref):
    letters = "".join(c for c in ref if c.isalpha())
    return (int(ref[len(letters) :]), len(letters), letters)


class Book:
    """One dashboard file: ``sample`` builds the sample (static numbers, no data
    source) of the same dashboard."""

    def __init__(self, key, sample, filters, columns=COLUMNS):
        self.key = key
        self.sample = sample
        self.registries = {"styles": {}, "formats": {}, "borders": {}}
        self.pivots = {}
        self.lists = {}
        self.menus = {}
        self.filters = [] if sample else filters
        self.filter_ids = {name: spec["id"] for name, spec in FILTERS.items()}
        self.dashboard = Sheet(self, "Dashboard", columns)
        self.data = Sheet(self, "Data", [220, 110, 110, 110, 110, 110, 110, 110])
        self.data_row = 0  # next free row of the Data sheet

    def register(self, kind, value):
        registry = self.registries[kind]
        key = json.dumps(value, sort_keys=True)
        if key not in registry:
            registry[key] = (str(len(registry) + 1), value)
        return int(registry[key][0])

    def value(self, live, sample):
        """The content of a value cell: the live formula, or the sample's number."""
        if self.sample:
            return sample
        return live if str(live).startswith("=") else f"={live}"

    # -- data sources ------------------------------------------------------------

    def matching(self, match, offset=0):
        """fieldMatching of a data source: ``match`` maps a filter name to the field
        chain (and type) it filters; ``offset`` -1 shifts the period filter to the
        period before (the baseline of a scorecard)."""
        result = {}
        for name, (chain, ftype) in (match or {}).items():
            entry = {"chain": chain, "type": ftype}
            if FILTERS[name]["type"] == "date":
                entry["offset"] = offset
            result[self.filter_ids[name]] = entry
        return result

    def pivot(
        self,
        name,
        model,
        measures=("__count",),
        rows=(),
        cols=(),
        domain=(),
        match=None,
        offset=0,
        sort=None,
        action=None,
    ):
        pivot_id = str(len(self.pivots) + 1)
        if self.sample:
            return pivot_id
        definition = {
            "type": "ODOO",
            "id": pivot_id,
            "formulaId": pivot_id,
            "name": name,
            "model": model,
            "domain": domain if isinstance(domain, str) else list(domain),
            "context": {},
            "measures": [
                {"id": "__count", "fieldName": "__count"}
                if measure == "__count"
                else {
                    "id": measure,
                    "fieldName": measure.split(":")[0],
                    "aggregator": measure.split(":")[1],
                }
                for measure in measures
            ],
            "rows": [_dimension(row) for row in rows],
            "columns": [_dimension(col) for col in cols],
            "sortedColumn": (
                {"groupId": [[], []], "measure": sort[0], "order": sort[1]}
                if sort
                else None
            ),
            "fieldMatching": self.matching(match, offset),
        }
        if action:
            definition["actionXmlId"] = action
        self.pivots[pivot_id] = definition
        return pivot_id

    def odoo_list(
        self, name, model, columns, domain=(), order=(), match=None, action=None
    ):
        list_id = str(len(self.lists) + 1)
        if self.sample:
            return list_id
        definition = {
            "id": list_id,
            "name": name,
            "model": model,
            "columns": list(columns),
            "domain": domain if isinstance(domain, str) else list(domain),
            "context": {},
            "orderBy": [{"name": field, "asc": asc} for field, asc in order],
            "fieldMatching": self.matching(match),
        }
        if action:
            definition["actionXmlId"] = action
        self.lists[list_id] = definition
        return list_id

    # -- the Data sheet ----------------------------------------------------------

    def data_cell(self, label, live, sample, fmt=None):
        """A value on the Data sheet (A: label, B: value): its reference, for a
        scorecard or a chart."""
        row = self.data_row
        self.data_row += 1
        self.data.put(0, row, t(label))
        self.data.put(1, row, self.value(live, sample), fmt=fmt)
        return f"Data!{xc(1, row)}"

    def data_table(self, header, rows):
        """A block of the Data sheet for a chart: ``header`` (the series' labels,
        translated) over ``rows`` of (label, *values) already in their final
        form. Returns (label range, [data range of each series]) with their
        header row."""
        self.data_row += 1
        top = self.data_row
        self.data.put(0, top, "", style="data_head")
        for col, label in enumerate(header, start=1):
            self.data.put(col, top, t(label), style="data_head")
        for offset, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                content, fmt = value if isinstance(value, tuple) else (value, None)
                self.data.put(col, top + offset, content, fmt=fmt)
        bottom = top + len(rows)
        self.data_row = bottom + 1
        labels = f"Data!{xc(0, top)}:{xc(0, bottom)}"
        series = [
            f"Data!{xc(col, top)}:{xc(col, bottom)}"
            for col in range(1, len(header) + 1)
        ]
        return labels, series

    # -- figures -----------------------------------------------------------------

    def figure(self, key, x, y, width, height, data):
        figure_id = uid(self.key, "figure", key)
        self.dashboard.figures.append(
            {
                "id": figure_id,
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "tag": "chart",
                "data": data,
            }
        )
        return figure_id

    def scorecard(
        self,
        key,
        slot,
        title,
        value,
        baseline=None,
        color=CARD_BLUE,
        mode="difference",
        up_is_good=True,
    ):
        """A figure of the top row: ``value`` (a Data cell), compared with
        ``baseline`` (the same figure in the period before) by ``mode``
        ("difference" or "percentage")."""
        data = {
            "type": "scorecard",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": color,
            "keyValue": value,
            "baselineMode": mode,
            "baselineColorUp": "#00A04A" if up_is_good else "#DC6965",
            "baselineColorDown": "#DC6965" if up_is_good else "#00A04A",
            "humanize": False,
        }
        if baseline:
            data.update(baseline=baseline, baselineDescr="since last period")
        width = (sum(self.dashboard.cols) - 4 * CARD_GAP) // 5
        self.figure(f"card/{key}", slot * (width + CARD_GAP), 12, width, 106, data)

    def odoo_chart(
        self,
        key,
        place,
        kind,
        model,
        group_by,
        measure="__count",
        domain=(),
        match=None,
        sample=None,
        stacked=False,
        legend="top",
        menu=None,
        context=None,
    ):
        """An Odoo chart (live: grouped data of a model, a click opens the records)
        or its static copy drawn from the sample's numbers on the Data sheet.
        ``sample``: (header, rows) for :meth:`data_table`."""
        x, y, width, height = place
        if self.sample:
            header, rows = sample
            labels, series = self.data_table(header, rows)
            data = {
                "type": kind,
                "title": {"text": ""},
                "dataSets": [{"dataRange": rng} for rng in series],
                "dataSetsHaveTitle": True,
                "labelRange": labels,
                "legendPosition": legend,
                "aggregated": False,
            }
            if kind in ("bar", "line"):
                data["stacked"] = stacked
            if kind == "line":
                data["labelsAsText"] = True
            return self.figure(key, x, y, width, height, data)
        data = {
            "type": f"odoo_{kind}",
            "title": {"text": ""},
            "background": "#FFFFFF",
            "legendPosition": legend,
            "metaData": {
                "groupBy": list(group_by),
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": kind,
            },
            "searchParams": {
                "comparison": None,
                "context": dict(context or {}),
                "domain": list(domain),
                "groupBy": list(group_by),
                "orderBy": [],
            },
            "fieldMatching": self.matching(match),
        }
        if kind in ("bar", "line"):
            data["stacked"] = stacked
            data["verticalAxisPosition"] = "left"
        figure_id = self.figure(key, x, y, width, height, data)
        if menu:
            self.menus[figure_id] = menu
        return figure_id

    def line_chart(self, key, place, labels, series, legend="top"):
        """A chart of cells of the Data sheet (live formulas or sample numbers)."""
        x, y, width, height = place
        return self.figure(
            key,
            x,
            y,
            width,
            height,
            {
                "type": "line",
                "title": {"text": ""},
                "dataSets": [{"dataRange": rng} for rng in series],
                "dataSetsHaveTitle": True,
                "labelRange": labels,
                "legendPosition": legend,
                "labelsAsText": True,
                "stacked": False,
                "aggregated": False,
            },
        )

    # -- export ------------------------------------------------------------------

    def export(self):
        def registry(kind):
            return {key: value for key, value in self.registries[kind].values()}

        return {
            "version": 21,
            "sheets": [self.dashboard.export(), self.data.export()],
            "styles": registry("styles"),
            "formats": registry("formats"),
            "borders": registry("borders"),
            "revisionId": "START_REVISION",
            "uniqueFigureIds": True,
            "settings": {"locale": LOCALE},
            "pivots": self.pivots,
            "pivotNextId": len(self.pivots) + 1,
            "customTableStyles": {},
            "odooVersion": 12,
            "globalFilters": self.filters,
            "lists": self.lists,
            "listNextId": len(self.lists) + 1,
            "chartOdooMenusReferences": self.menus,
        }


def _dimension(spec):
    """ "state", "date:month" or ("period", "desc")."""
    name, order = spec if isinstance(spec, tuple) else (spec, None)
    field, _sep, granularity = name.partition(":")
    dimension = {"fieldName": field}
    if granularity:
        dimension["granularity"] = granularity
    if order:
        dimension["order"] = order
    return dimension


# ----------------------------------------------------------------------------------
# Building blocks of a dashboard sheet
# ----------------------------------------------------------------------------------


class Layout:
    """Places the blocks of the Dashboard sheet from top to bottom: a row of
    scorecards, then sections of one full-width or two half-width blocks."""

    def __init__(self, book):
        self.book = book
        self.sheet = book.dashboard
        self.row = 6  # rows 1-6: the scorecards
        self.section_rows = []

    def section(self):
        """Start a new band of blocks under the previous one; returns its first row."""
        top = max([self.row, *self.section_rows])
        self.section_rows = []
        self.row = top
        return top + 1  # a blank row above each band

    def end_block(self, last_row):
        self.section_rows.append(last_row + 1)

    def title(self, col, row, text, menu=None, note=None, span=4):
        sheet = self.sheet
        sheet.height(row, 40)
        content = f"[{text}](odoo://ir_menu_xml_id/{menu})" if menu else t(text)
        sheet.put(col, row, content, style="title")
        for c in range(col, col + span):
            sheet.put(c, row, None, border="under")
        if note:
            sheet.put(col + span - 1, row, t(note), style="note")

    def chart(self, col, top, title, span, rows=14, menu=None):
        """A titled area for a chart; returns its (x, y, width, height)."""
        self.title(col, top, title, menu=menu, span=span)
        width = sum(self.sheet.cols[col : col + span])
        y = self.sheet.y(top + 1) + 4
        self.end_block(top + rows)
        return (self.sheet.x(col), y, width, rows * ROW_HEIGHT - 8)

    def table(
        self,
        col,
        top,
        title,
        header,
        rows,
        total=None,
        menu=None,
        bars=None,
        columns=None,
    ):
        """A titled table: ``header`` (label, *value column titles), ``rows`` of
        (label cell, [(value cell, format), ...]); ``total`` a row in bold;
        ``bars`` the value column (1-based) drawn as data bars in the label cells;
        ``columns`` the sheet columns of the table (default: from ``col`` on)."""
        sheet = self.sheet
        columns = columns or list(range(col, col + len(header)))
        self.title(col, top, title, menu=menu, span=columns[-1] - col + 1)
        head = top + 1
        sheet.height(head, 40)
        centered = (
            {
                offset
                for offset, (_content, fmt) in enumerate(rows[0][1], start=1)
                if fmt == "symbol"
            }
            if rows
            else set()
        )
        for offset, label in enumerate(header):
            style = "head_center" if offset in centered else "head_num"
            sheet.put(
                columns[offset],
                head,
                t(label) if label else "",
                style=style if offset else "head",
            )
        row = head
        for row_offset, (label, values) in enumerate(rows, start=1):
            row = head + row_offset
            sheet.height(row, 27)
            sheet.put(col, row, label, style="label")
            for offset, (content, fmt) in enumerate(values, start=1):
                style = "center" if fmt == "symbol" else "body"
                fmt = None if fmt == "symbol" else fmt
                sheet.put(columns[offset], row, content, style=style, fmt=fmt)
        if bars and rows:
            color = DATA_BAR_COLORS[
                len(sheet.conditional_formats) % len(DATA_BAR_COLORS)
            ]
            first, last = head + 1, head + len(rows)
            values_col = columns[bars]
            sheet.conditional_formats.append(
                {
                    "id": uid(self.book.key, "bars", col, top),
                    "rule": {
                        "type": "DataBarRule",
                        "color": color,
                        "rangeValues": (
                            f"{xc(values_col, first)}:{xc(values_col, last)}"
                        ),
                    },
                    "ranges": [f"{xc(col, first)}:{xc(col, last)}"],
                }
            )
        if total:
            row += 1
            sheet.height(row, 27)
            label, values = total
            for border_col in range(col, columns[-1] + 1):
                sheet.put(border_col, row, None, border="over")
            sheet.put(col, row, label, style="total", border="over")
            for offset, (content, fmt) in enumerate(values, start=1):
                sheet.put(
                    columns[offset], row, content, style="total", fmt=fmt, border="over"
                )
        self.end_block(row)
        return row

    def note(self, col, row, text_cell):
        self.sheet.put(col, row, text_cell, style="note")
        self.end_block(row)


# ----------------------------------------------------------------------------------
# Global filters
# ----------------------------------------------------------------------------------

FILTERS = {
    "period": {
        "id": uid("filter", "period"),
        "type": "date",
        "label": "Period",
        "rangeType": "fixedPeriod",
        "defaultValue": "this_year",
    },
    "company": {
        "id": uid("filter", "company"),
        "type": "relation",
        "label": "Company",
        "modelName": "res.company",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
        "includeChildren": False,
    },
    "rm": {
        "id": uid("filter", "relationship_manager"),
        "type": "relation",
        "label": "Relationship manager",
        "modelName": "res.users",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
        "includeChildren": False,
        # the staff, not the portal users
        "domainOfAllowedValues": [["share", "=", False]],
    },
}


def filters(*names, period_default="this_year"):
    result = []
    for name in names:
        spec = dict(FILTERS[name])
        if name == "period" and period_default != "this_year":
            if period_default:
                spec["defaultValue"] = period_default
            else:
                spec.pop("defaultValue")
        result.append(spec)
    return result


# ----------------------------------------------------------------------------------
# 1. Client portfolio
# ----------------------------------------------------------------------------------

LIFECYCLE = [
    ("prospect", "Prospect"),
    ("active", "Active"),
    ("dormant", "Dormant"),
    ("churned", "Churned"),
]
RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
    (False, "Not rated"),
]
TIERS = ["A", "B", "C"]
CLIENT_ACTION = "advisory_client_mgmt.res_partner_action_advisory_client"
CONTRACT_ACTION = "advisory_client_mgmt.advisory_contract_action"
ENGAGEMENT_ACTION = "advisory_client_mgmt.advisory_engagement_action"
PROPOSAL_ACTION = "advisory_client_mgmt.advisory_proposal_action"
FEEDBACK_ACTION = "advisory_feedback.advisory_feedback_action"
ANSWER_ACTION = "advisory_feedback.survey_user_input_action_advisory"
IMPROVEMENT_ACTION = "advisory_feedback.advisory_improvement_action_action"
KPI_LINE_ACTION = "advisory_feedback.advisory_kpi_snapshot_line_action_trend"
SIGNED_STATES = ["signed", "active", "expired", "terminated"]
# the sample charts' months, written as numbers (the same in every language)
MONTHS = [f"2026-{month:02d}" for month in range(1, 12)]


def portfolio(book):
    clients = [("is_advisory_client", "=", True)]
    active = [*clients, ("lifecycle_state", "=", "active")]
    # the clients' state today: the relationship manager filter applies, the period
    # does not; a client shared by all companies has no company, so the company
    # filter applies to the history and the contracts only
    client_match = {"rm": ("relationship_manager_id", "many2one")}
    event_match = {
        "period": ("date", "date"),
        "company": ("company_id", "many2one"),
        "rm": ("partner_id.relationship_manager_id", "many2one"),
    }
    contract_match = {
        "period": ("signed_date", "date"),
        "company": ("company_id", "many2one"),
        "rm": ("partner_id.relationship_manager_id", "many2one"),
    }
    new_clients = [
        ("new_state", "=", "active"),
        ("old_state", "in", [False, "prospect"]),
    ]
    churned = [("new_state", "=", "churned")]
    signed = [("signed_date", "!=", False), ("state", "in", SIGNED_STATES)]

    by_state = book.pivot(
        "Clients by lifecycle state",
        "res.partner",
        rows=["lifecycle_state"],
        domain=clients,
        match=client_match,
        action=CLIENT_ACTION,
    )
    strategic = book.pivot(
        "Strategic partners among active clients",
        "res.partner",
        domain=[*active, ("strategic_partner", "=", True)],
        match=client_match,
        action=CLIENT_ACTION,
    )
    new_now = book.pivot(
        "New clients", "advisory.lifecycle.event", domain=new_clients, match=event_match
    )
    new_before = book.pivot(
        "New clients (period before)",
        "advisory.lifecycle.event",
        domain=new_clients,
        match=event_match,
        offset=-1,
    )
    churn_now = book.pivot(
        "Churned clients", "advisory.lifecycle.event", domain=churned, match=event_match
    )
    churn_before = book.pivot(
        "Churned clients (period before)",
        "advisory.lifecycle.event",
        domain=churned,
        match=event_match,
        offset=-1,
    )
    signed_now = book.pivot(
        "Signed contract value",
        "advisory.contract",
        measures=["amount_company_currency:sum"],
        domain=signed,
        match=contract_match,
        action=CONTRACT_ACTION,
    )

    # scorecards ------------------------------------------------------------------
    active_count = book.data_cell(
        "Active clients",
        pivot_value(by_state, "__count", "lifecycle_state", "active"),
        38,
    )
    share = book.data_cell(
        "Strategic partner share",
        f'IFERROR({pivot_value(strategic, "__count")}/{active_count},"")',
        0.316,
        fmt="percent",
    )
    new_count = book.data_cell("New clients", pivot_value(new_now, "__count"), 9)
    new_prev = book.data_cell(
        "New clients, period before", pivot_value(new_before, "__count"), 7
    )
    churn_count = book.data_cell(
        "Churned clients", pivot_value(churn_now, "__count"), 2
    )
    churn_prev = book.data_cell(
        "Churned clients, period before", pivot_value(churn_before, "__count"), 3
    )
    signed_value = book.data_cell(
        "Signed contract value",
        pivot_value(signed_now, "amount_company_currency:sum"),
        4_820_000,
    )
    signed_short = book.data_cell(
        "Signed contract value (short)",
        f"FORMAT.LARGE.NUMBER({signed_value})",
        "=FORMAT.LARGE.NUMBER(4820000)",
    )
    book.scorecard("active", 0, "Active clients", active_count)
    book.scorecard(
        "new", 1, "New clients", new_count, baseline=new_prev, color=CARD_GREEN
    )
    book.scorecard(
        "churned",
        2,
        "Churned clients",
        churn_count,
        baseline=churn_prev,
        color=CARD_ORANGE,
        up_is_good=False,
    )
    book.scorecard("strategic", 3, "Strategic partners", share)
    book.scorecard("signed", 4, "Value signed", signed_short)

    layout = Layout(book)

    # new and churned clients per month ---------------------------------------------
    top = layout.section()
    place = layout.chart(LEFT, top, "New and churned clients per month", span=9)
    book.odoo_chart(
        "flows",
        place,
        "bar",
        "advisory.lifecycle.event",
        ["date:month", "new_state"],
        domain=["|", "&", *new_clients, *churned],
        match=event_match,
        sample=(
            ["New clients", "Churned clients"],
            [
                (month, new, lost)
                for month, new, lost in zip(
                    MONTHS,
                    [1, 0, 2, 1, 1, 0, 2, 1, 0, 1, 0],
                    [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0],
                    strict=False,
                )
            ],
        ),
    )

    # lifecycle states, risk level x value tier -------------------------------------
    top = layout.section()
    sample_states = {"prospect": 12, "active": 38, "dormant": 6, "churned": 4}
    layout.table(
        LEFT,
        top,
        "Clients by lifecycle state",
        ["Lifecycle state", "Clients", "Share"],
        [
            (
                t(label),
                [
                    (
                        book.value(
                            pivot_value(by_state, "__count", "lifecycle_state", key),
                            sample_states[key],
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            ratio(
                                pivot_value(
                                    by_state, "__count", "lifecycle_state", key
                                ),
                                pivot_value(by_state, "__count"),
                            ),
                            round(sample_states[key] / 60, 3),
                        ),
                        "percent",
                    ),
                ],
            )
            for key, label in LIFECYCLE
        ],
        total=(
            t("Total"),
            [(book.value(pivot_value(by_state, "__count"), 60), "int"), ("", None)],
        ),
        menu="advisory_client_mgmt.res_partner_menu_advisory_client",
    )
    risk_tier = book.pivot(
        "Active clients by risk level and value tier",
        "res.partner",
        rows=["risk_level"],
        cols=["value_tier"],
        domain=active,
        match=client_match,
        action=CLIENT_ACTION,
    )
    sample_matrix = {
        "low": [3, 4, 6],
        "medium": [2, 5, 7],
        "high": [1, 2, 4],
        "critical": [0, 1, 1],
        False: [0, 0, 2],
    }
    layout.table(
        RIGHT,
        top,
        "Active clients by risk level and value tier",
        ["Risk level", "Tier A", "Tier B", "Tier C"],
        [
            (
                t(label),
                [
                    (
                        book.value(
                            pivot_value(
                                risk_tier,
                                "__count",
                                "risk_level",
                                "false" if key is False else key,
                                "value_tier",
                                tier,
                            ),
                            sample_matrix[key][index],
                        ),
                        "int",
                    )
                    for index, tier in enumerate(TIERS)
                ],
            )
            for key, label in RISK_LEVELS
        ],
        total=(
            t("Total"),
            [
                (
                    book.value(
                        pivot_value(risk_tier, "__count", "value_tier", tier),
                        sum(v[index] for v in sample_matrix.values()),
                    ),
                    "int",
                )
                for index, tier in enumerate(TIERS)
            ],
        ),
        menu="advisory_risk_rating.res_partner_menu_segments",
    )

    # industry, region ----------------------------------------------------------------
    top = layout.section()
    for col, field, title, header, sample_rows in [
        (
            LEFT,
            "industry_id",
            "Active clients by industry",
            "Industry",
            [
                ("Manufacturing", 9),
                ("Construction", 6),
                ("Energy supply", 5),
                ("IT/Communication", 5),
                ("Real Estate", 4),
                ("Transportation/Logistics", 4),
                ("Wholesale/Retail", 3),
                ("Agriculture", 2),
            ],
        ),
        (
            RIGHT,
            "country_id",
            "Active clients by country",
            "Country",
            [
                ("China", 24),
                ("Hong Kong", 5),
                ("Singapore", 4),
                ("Germany", 2),
                ("United States", 2),
                ("Japan", 1),
            ],
        ),
    ]:
        pivot = book.pivot(
            title,
            "res.partner",
            rows=[field],
            domain=active,
            match=client_match,
            sort=("__count", "desc"),
            action=CLIENT_ACTION,
        )
        rows = []
        for index in range(1, 9):
            name, count = (
                sample_rows[index - 1] if index <= len(sample_rows) else ("", "")
            )
            rows.append(
                (
                    book.value(pivot_header(pivot, f"#{field}", index), name),
                    [
                        (
                            book.value(
                                pivot_value(pivot, "__count", f"#{field}", index), count
                            ),
                            "int",
                        )
                    ],
                )
            )
        layout.table(col, top, title, [header, "Clients"], rows, bars=1)

    # top clients by signed value, clients per relationship manager -----------------
    top = layout.section()
    top_clients = book.pivot(
        "Top clients by signed contract value",
        "advisory.contract",
        measures=["__count", "amount_company_currency:sum"],
        rows=["partner_id"],
        domain=signed,
        match=contract_match,
        sort=("amount_company_currency", "desc"),
        action=CONTRACT_ACTION,
    )
    sample_top = [
        ("Huaxin Capital Holdings Limited", 2, 1_450_000),
        ("Jinqiao Construction Engineering Group", 1, 980_000),
        ("Hengtai Precision Manufacturing", 3, 720_000),
        ("Meridian Commodities Trading", 1, 560_000),
        ("Kaida Supply Chain Management", 2, 410_000),
        ("Lanfeng New Energy Technology", 1, 300_000),
        ("Yunlian Cloud Technology", 1, 240_000),
        ("Xinghe Property Development", 1, 160_000),
    ]
    layout.table(
        LEFT,
        top,
        "Top clients by contract value signed",
        ["Client", "Contracts", "Value signed"],
        [
            (
                book.value(pivot_header(top_clients, "#partner_id", index), name),
                [
                    (
                        book.value(
                            pivot_value(top_clients, "__count", "#partner_id", index),
                            count,
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            pivot_value(
                                top_clients,
                                "amount_company_currency:sum",
                                "#partner_id",
                                index,
                            ),
                            value,
                        ),
                        "amount" if book.sample else None,
                    ),
                ],
            )
            for index, (name, count, value) in enumerate(sample_top, start=1)
        ],
        bars=2,
        menu="advisory_client_mgmt.advisory_contract_menu",
        columns=[LEFT, 2, 3],
    )
    by_manager = book.pivot(
        "Active clients by relationship manager and value tier",
        "res.partner",
        rows=["relationship_manager_id"],
        cols=["value_tier"],
        domain=active,
        match=client_match,
        sort=("__count", "desc"),
        action=CLIENT_ACTION,
    )
    sample_managers = [
        ("Mitchell Admin", [3, 4, 8]),
        ("Marc Demo", [2, 3, 7]),
        ("Li Na", [1, 2, 5]),
        ("Chen Jun", [0, 1, 2]),
    ]
    rows = []
    for index in range(1, 9):
        name, counts = (
            sample_managers[index - 1]
            if index <= len(sample_managers)
            else ("", ["", "", ""])
        )
        rows.append(
            (
                book.value(
                    pivot_header(by_manager, "#relationship_manager_id", index), name
                ),
                [
                    (
                        book.value(
                            pivot_value(
                                by_manager,
                                "__count",
                                "#relationship_manager_id",
                                index,
                                "value_tier",
                                tier,
                            ),
                            counts[tier_index],
                        ),
                        "int",
                    )
                    for tier_index, tier in enumerate(TIERS)
                ],
            )
        )
    layout.table(
        RIGHT,
        top,
        "Active clients by relationship manager",
        ["Relationship manager", "Tier A", "Tier B", "Tier C"],
        rows,
    )


# ----------------------------------------------------------------------------------
# 2. Pipeline and contracts
# ----------------------------------------------------------------------------------

ENGAGEMENT_STATES = [
    ("draft", "Draft"),
    ("needs_analysis", "Needs Analysis"),
    ("proposal", "Proposal"),
    ("contracting", "Contracting"),
    ("execution", "Execution"),
    ("closing", "Closing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
PROPOSAL_STATES = [
    ("draft", "Draft"),
    ("to_review", "Under Review"),
    ("approved", "Approved"),
    ("presented", "Presented"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
CONTRACT_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("signed", "Signed"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("terminated", "Terminated"),
    ("cancelled", "Cancelled"),
]
# contracts in force whose end date is within 90 days (evaluated in the browser, with
# the user's today)
ENDING_SOON = (
    "[('state', 'in', ['signed', 'active']), "
    "('date_end', '>=', context_today().strftime('%Y-%m-%d')), "
    "('date_end', '<=', "
    "(context_today() + relativedelta(days=90)).strftime('%Y-%m-%d'))]"
)


def state_table(book, layout, col, top, title, pivot, measure, states, sample, menu):
    """Count and value of the documents of ``pivot`` in each state (rows fixed)."""
    return layout.table(
        col,
        top,
        title,
        ["Status", "Count", "Value"],
        [
            (
                t(label),
                [
                    (
                        book.value(
                            pivot_value(pivot, "__count", "state", key), sample[key][0]
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            pivot_value(pivot, measure, "state", key), sample[key][1]
                        ),
                        "amount" if book.sample else None,
                    ),
                ],
            )
            for key, label in states
        ],
        total=(
            t("Total"),
            [
                (
                    book.value(
                        pivot_value(pivot, "__count"),
                        sum(v[0] for v in sample.values()),
                    ),
                    "int",
                ),
                (
                    book.value(
                        pivot_value(pivot, measure), sum(v[1] for v in sample.values())
                    ),
                    "amount" if book.sample else None,
                ),
            ],
        ),
        menu=menu,
        columns=[col, col + 2, col + 3],
    )


def pipeline(book):
    engagement_match = {
        "company": ("company_id", "many2one"),
        "rm": ("relationship_manager_id", "many2one"),
    }
    via_engagement = {
        "company": ("company_id", "many2one"),
        "rm": ("engagement_id.relationship_manager_id", "many2one"),
    }
    signed_match = {"period": ("signed_date", "date"), **via_engagement}
    decided_match = {"period": ("decision_date", "date"), **via_engagement}
    signed = [("signed_date", "!=", False), ("state", "in", SIGNED_STATES)]

    engagements = book.pivot(
        "Engagements by stage",
        "advisory.engagement",
        measures=["__count", "value:sum"],
        rows=["state"],
        match=engagement_match,
        action=ENGAGEMENT_ACTION,
    )
    proposals = book.pivot(
        "Proposals by status",
        "advisory.proposal",
        measures=["__count", "fee_estimate:sum"],
        rows=["state"],
        match=via_engagement,
        action=PROPOSAL_ACTION,
    )
    contracts = book.pivot(
        "Contracts by status",
        "advisory.contract",
        measures=["__count", "amount_company_currency:sum"],
        rows=["state"],
        match=via_engagement,
        action=CONTRACT_ACTION,
    )
    signed_now = book.pivot(
        "Contract value signed",
        "advisory.contract",
        measures=["amount_company_currency:sum"],
        domain=signed,
        match=signed_match,
        action=CONTRACT_ACTION,
    )
    signed_before = book.pivot(
        "Contract value signed (period before)",
        "advisory.contract",
        measures=["amount_company_currency:sum"],
        domain=signed,
        match=signed_match,
        offset=-1,
        action=CONTRACT_ACTION,
    )
    decided = book.pivot(
        "Proposals decided",
        "advisory.proposal",
        rows=["state"],
        domain=[("state", "in", ["accepted", "rejected"])],
        match=decided_match,
        action=PROPOSAL_ACTION,
    )

    # scorecards ------------------------------------------------------------------
    open_engagements = book.pivot(
        "Open engagements",
        "advisory.engagement",
        measures=["value:sum"],
        domain=[("state", "not in", ["done", "cancelled"])],
        match=engagement_match,
        action=ENGAGEMENT_ACTION,
    )
    open_value = book.data_cell(
        "Open pipeline value",
        f"FORMAT.LARGE.NUMBER({pivot_value(open_engagements, 'value:sum')})",
        "=FORMAT.LARGE.NUMBER(6240000)",
    )
    to_review = book.data_cell(
        "Proposals under review",
        pivot_value(proposals, "__count", "state", "to_review"),
        3,
    )
    to_approve = book.data_cell(
        "Contracts to approve",
        pivot_value(contracts, "__count", "state", "to_approve"),
        2,
    )
    signed_value = book.data_cell(
        "Contract value signed",
        pivot_value(signed_now, "amount_company_currency:sum"),
        4_820_000,
    )
    signed_prev = book.data_cell(
        "Contract value signed, period before",
        pivot_value(signed_before, "amount_company_currency:sum"),
        3_900_000,
    )
    signed_short = book.data_cell(
        "Contract value signed (short)",
        f"FORMAT.LARGE.NUMBER({signed_value})",
        "=FORMAT.LARGE.NUMBER(4820000)",
    )
    accepted = pivot_value(decided, "__count", "state", "accepted")
    win_rate = book.data_cell(
        "Proposals accepted (of those decided)",
        f'IFERROR({accepted}/{pivot_value(decided, "__count")},"")',
        0.64,
        fmt="percent",
    )
    # the titles fit a card: the state names of the proposals and the contracts
    book.scorecard("pipeline", 0, "Open pipeline", open_value)
    book.scorecard("to_review", 1, "Under review", to_review, color=CARD_ORANGE)
    book.scorecard("to_approve", 2, "To approve", to_approve, color=CARD_ORANGE)
    book.scorecard(
        "signed",
        3,
        "Value signed",
        signed_short,
        baseline=signed_prev,
        color=CARD_GREEN,
        mode="percentage",
    )
    book.scorecard("win_rate", 4, "Win rate", win_rate)

    layout = Layout(book)
    top = layout.section()
    place = layout.chart(
        LEFT,
        top,
        "Contract value signed per month",
        span=9,
        menu=None,
    )
    book.odoo_chart(
        "signed_per_month",
        place,
        "bar",
        "advisory.contract",
        ["signed_date:month"],
        measure="amount_company_currency",
        domain=signed,
        match=signed_match,
        legend="none",
        menu="advisory_client_mgmt.advisory_contract_menu",
        sample=(
            ["Contract value signed"],
            list(
                zip(
                    MONTHS,
                    [
                        240_000,
                        0,
                        480_000,
                        300_000,
                        620_000,
                        1_200_000,
                        0,
                        360_000,
                        540_000,
                        780_000,
                        300_000,
                    ],
                    strict=False,
                )
            ),
        ),
    )

    top = layout.section()
    state_table(
        book,
        layout,
        LEFT,
        top,
        "Engagements by stage",
        engagements,
        "value:sum",
        ENGAGEMENT_STATES,
        {
            "draft": (2, 0),
            "needs_analysis": (3, 0),
            "proposal": (4, 1_350_000),
            "contracting": (3, 2_440_000),
            "execution": (5, 2_150_000),
            "closing": (1, 300_000),
            "done": (6, 1_980_000),
            "cancelled": (1, 0),
        },
        "advisory_client_mgmt.advisory_engagement_menu",
    )
    state_table(
        book,
        layout,
        RIGHT,
        top,
        "Proposals by status",
        proposals,
        "fee_estimate:sum",
        PROPOSAL_STATES,
        {
            "draft": (2, 310_000),
            "to_review": (3, 870_000),
            "approved": (1, 150_000),
            "presented": (2, 880_000),
            "accepted": (9, 4_360_000),
            "rejected": (2, 1_050_000),
            "cancelled": (1, 650_000),
        },
        "advisory_client_mgmt.advisory_proposal_menu",
    )

    top = layout.section()
    state_table(
        book,
        layout,
        LEFT,
        top,
        "Contracts by status",
        contracts,
        "amount_company_currency:sum",
        CONTRACT_STATES,
        {
            "draft": (1, 120_000),
            "to_approve": (2, 2_080_000),
            "approved": (1, 360_000),
            "signed": (1, 240_000),
            "active": (6, 3_140_000),
            "expired": (3, 540_000),
            "terminated": (1, 300_000),
            "cancelled": (0, 0),
        },
        "advisory_client_mgmt.advisory_contract_menu",
    )
    ending = book.odoo_list(
        "Contracts ending in the next 90 days",
        "advisory.contract",
        ["partner_id", "name", "date_end", "amount_company_currency", "renewal_id"],
        domain=ENDING_SOON,
        order=[("date_end", True)],
        match=via_engagement,
        action=CONTRACT_ACTION,
    )
    sample_ending = [
        ("Hengtai Precision Manufacturing", 46020, 240_000, "CTR/2026/0006"),
        ("Lanfeng New Energy Technology", 46041, 180_000, ""),
        ("Kaida Supply Chain Management", 46063, 300_000, ""),
        ("Yunlian Cloud Technology", 46077, 120_000, ""),
    ]
    rows = []
    for index in range(1, 9):
        client, end, value, renewal = (
            sample_ending[index - 1]
            if index <= len(sample_ending)
            else ("", "", "", "")
        )
        rows.append(
            (
                book.value(odoo_list(ending, index, "partner_id"), client),
                [
                    (book.value(odoo_list(ending, index, "date_end"), end), "date"),
                    (book.value(odoo_list(ending, index, "renewal_id"), renewal), None),
                    (
                        book.value(
                            odoo_list(ending, index, "amount_company_currency"), value
                        ),
                        "amount" if book.sample else None,
                    ),
                ],
            )
        )
    layout.table(
        RIGHT,
        top,
        "Contracts ending in the next 90 days",
        ["Client", "Ends on", "Renewed by", "Value"],
        rows,
        menu="advisory_client_mgmt.advisory_contract_menu",
    )


# ----------------------------------------------------------------------------------
# 3. Service quality
# ----------------------------------------------------------------------------------

CATEGORIES = [
    ("service_quality", "Service Quality"),
    ("fees", "Fees"),
    ("communication", "Communication"),
    ("proposal_quality", "Proposal Quality"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]
CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("survey", "Survey"),
    ("meeting", "Meeting"),
    ("other", "Other"),
]
PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]
NPS = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]
OPEN_TICKET = [("state", "not in", ["resolved", "closed"])]


def service_quality(book):
    answer_match = {
        "period": ("end_datetime", "datetime"),
        "company": ("advisory_company_id", "many2one"),
        "rm": ("advisory_partner_id.relationship_manager_id", "many2one"),
    }
    ticket_match = {
        "period": ("date_received", "datetime"),
        "company": ("company_id", "many2one"),
        "rm": ("partner_id.relationship_manager_id", "many2one"),
    }
    ticket_now_match = {k: v for k, v in ticket_match.items() if k != "period"}
    csat = [
        ("state", "=", "done"),
        ("advisory_survey_kind", "=", "csat"),
        ("advisory_score", "!=", False),
    ]
    nps = [
        ("state", "=", "done"),
        ("advisory_survey_kind", "=", "nps"),
        ("advisory_nps_category", "!=", False),
    ]

    csat_now = book.pivot(
        "Satisfaction (CSAT)",
        "survey.user_input",
        measures=["advisory_score:avg"],
        domain=csat,
        match=answer_match,
        action=ANSWER_ACTION,
    )
    csat_before = book.pivot(
        "Satisfaction (CSAT), period before",
        "survey.user_input",
        measures=["advisory_score:avg"],
        domain=csat,
        match=answer_match,
        offset=-1,
        action=ANSWER_ACTION,
    )
    nps_now = book.pivot(
        "NPS answers",
        "survey.user_input",
        cols=["advisory_nps_category"],
        domain=nps,
        match=answer_match,
        action=ANSWER_ACTION,
    )
    nps_before = book.pivot(
        "NPS answers, period before",
        "survey.user_input",
        cols=["advisory_nps_category"],
        domain=nps,
        match=answer_match,
        offset=-1,
        action=ANSWER_ACTION,
    )
    tickets = book.pivot(
        "Tickets by priority",
        "advisory.feedback",
        rows=["priority"],
        match=ticket_match,
        action=FEEDBACK_ACTION,
    )
    response_ok = book.pivot(
        "Tickets answered within their SLA, by priority",
        "advisory.feedback",
        rows=["priority"],
        domain=[("response_breached", "=", False)],
        match=ticket_match,
        action=FEEDBACK_ACTION,
    )
    resolution_ok = book.pivot(
        "Tickets resolved within their SLA (or still on time), by priority",
        "advisory.feedback",
        rows=["priority"],
        domain=[("resolution_breached", "=", False)],
        match=ticket_match,
        action=FEEDBACK_ACTION,
    )
    escalated = book.pivot(
        "Escalated tickets, by priority",
        "advisory.feedback",
        rows=["priority"],
        domain=[("escalation_level", ">", 0)],
        match=ticket_match,
        action=FEEDBACK_ACTION,
    )

    def nps_score(pivot):
        promoters = pivot_value(pivot, "__count", "advisory_nps_category", "promoter")
        detractors = pivot_value(pivot, "__count", "advisory_nps_category", "detractor")
        answers = pivot_value(pivot, "__count")
        return f'IFERROR(ROUND(100*({promoters}-{detractors})/{answers},0),"")'

    # scorecards ------------------------------------------------------------------
    def share_of_100(value):
        return f'IF({value}="","",{value}/100)'

    csat_value = book.data_cell(
        "Satisfaction (CSAT)",
        share_of_100(pivot_value(csat_now, "advisory_score:avg")),
        0.824,
        fmt="percent",
    )
    csat_prev = book.data_cell(
        "Satisfaction (CSAT), period before",
        share_of_100(pivot_value(csat_before, "advisory_score:avg")),
        0.79,
        fmt="percent",
    )
    nps_value = book.data_cell("Net promoter score", nps_score(nps_now), 27)
    nps_prev = book.data_cell(
        "Net promoter score, period before", nps_score(nps_before), 18
    )
    received = book.data_cell("Tickets received", pivot_value(tickets, "__count"), 46)
    response_rate = book.data_cell(
        "Answered within SLA",
        ratio(pivot_value(response_ok, "__count"), pivot_value(tickets, "__count")),
        0.87,
        fmt="percent",
    )
    resolution_rate = book.data_cell(
        "Resolved within SLA",
        ratio(pivot_value(resolution_ok, "__count"), pivot_value(tickets, "__count")),
        0.78,
        fmt="percent",
    )
    book.scorecard("csat", 0, "Satisfaction (CSAT)", csat_value, baseline=csat_prev)
    book.scorecard("nps", 1, "Net promoter score", nps_value, baseline=nps_prev)
    book.scorecard("tickets", 2, "Tickets received", received, color=CARD_ORANGE)
    book.scorecard("response", 3, "Answered in time", response_rate, color=CARD_GREEN)
    book.scorecard(
        "resolution", 4, "Resolved in time", resolution_rate, color=CARD_GREEN
    )

    layout = Layout(book)
    top = layout.section()
    place = layout.chart(
        LEFT,
        top,
        "Satisfaction per month (CSAT, %)",
        span=4,
        menu=None,
    )
    book.odoo_chart(
        "csat_per_month",
        place,
        "line",
        "survey.user_input",
        ["end_datetime:month"],
        measure="advisory_score",
        domain=csat,
        match=answer_match,
        legend="none",
        # a month without answers has no satisfaction (not 0 %)
        context={"fill_temporal": False},
        menu="advisory_feedback.survey_user_input_menu_analysis",
        sample=(
            ["Satisfaction (CSAT, %)"],
            list(
                zip(MONTHS, [78, 81, 76, 84, 80, 86, 83, 79, 85, 88, 84], strict=False)
            ),
        ),
    )
    place = layout.chart(RIGHT, top, "Net promoter score per month", span=4)
    # the score of each month of the period, on the Data sheet, from the answers
    # counted by month and category (a line of the months that have answers)
    nps_months = book.pivot(
        "NPS answers per month",
        "survey.user_input",
        rows=["end_datetime:month"],
        cols=["advisory_nps_category"],
        domain=nps,
        match=answer_match,
        action=ANSWER_ACTION,
    )
    sample_nps = [33, 20, 29, 50, 36, 38, 29, 67, 50, 56, 67]
    rows = []
    for index in range(1, 13):
        month = ("#end_datetime:month", index)
        promoters = pivot_value(
            nps_months, "__count", *month, "advisory_nps_category", "promoter"
        )
        detractors = pivot_value(
            nps_months, "__count", *month, "advisory_nps_category", "detractor"
        )
        answers = pivot_value(nps_months, "__count", *month)
        label, score = (
            (MONTHS[index - 1], sample_nps[index - 1])
            if index <= len(MONTHS)
            else ("", "")
        )
        rows.append(
            (
                # a month after the last one with answers: no header (not an error)
                (
                    book.value(
                        f'IFERROR({pivot_header(nps_months, *month)},"")', label
                    ),
                    "month",
                ),
                book.value(
                    f'IFERROR(ROUND(100*({promoters}-{detractors})/{answers},0),"")',
                    score,
                ),
            )
        )
    labels, series = book.data_table(["Net promoter score"], rows)
    book.line_chart("nps_per_month", place, labels, series, legend="none")

    # satisfaction per service line, tickets by channel -------------------------------
    top = layout.section()
    lines = book.pivot(
        "Satisfaction per service line",
        "survey.user_input",
        measures=["__count", "advisory_score:avg", "advisory_nps_score:avg"],
        rows=["advisory_service_line_ids"],
        domain=[
            ("state", "=", "done"),
            ("advisory_survey_kind", "in", ["csat", "nps"]),
            ("advisory_engagement_id", "!=", False),
        ],
        match=answer_match,
        sort=("__count", "desc"),
        action=ANSWER_ACTION,
    )
    sample_lines = [
        ("Financing", 14, 0.81, 8.1),
        ("Financial Optimization", 9, 0.86, 8.6),
        ("Tax Planning", 7, 0.79, 7.7),
        ("Risk Management", 5, 0.88, 8.8),
        ("Investment Planning", 4, 0.74, 7.2),
        ("M&A Advisory", 2, 0.9, 9.0),
    ]
    rows = []
    for index in range(1, 8):
        name, count, score, nps_answer = (
            sample_lines[index - 1] if index <= len(sample_lines) else ("", "", "", "")
        )
        position = ("#advisory_service_line_ids", index)
        rows.append(
            (
                book.value(pivot_header(lines, *position), name),
                [
                    (
                        book.value(pivot_value(lines, "__count", *position), count),
                        "int",
                    ),
                    (
                        book.value(
                            share_of_100(
                                pivot_value(lines, "advisory_score:avg", *position)
                            ),
                            score,
                        ),
                        "percent",
                    ),
                    (
                        book.value(
                            pivot_value(lines, "advisory_nps_score:avg", *position),
                            nps_answer,
                        ),
                        "score",
                    ),
                ],
            )
        )
    last = layout.table(
        LEFT,
        top,
        "Satisfaction per service line",
        ["Service line", "Answers", "CSAT", "NPS (0-10)"],
        rows,
    )
    answers = pivot_value(lines, "__count")
    layout.note(
        LEFT,
        last + 1,
        book.value(
            f'IF(AND(ISNUMBER({answers}),{answers}>0),_t("Answers linked to an '
            f'engagement; an engagement of several service lines counts in each."),'
            f'_t("No answer linked to an engagement in the period yet."))',
            t(
                "Answers linked to an engagement; an engagement of several service "
                "lines counts in each."
            ),
        ),
    )
    by_channel = book.pivot(
        "Tickets by channel",
        "advisory.feedback",
        rows=["channel"],
        match=ticket_match,
        action=FEEDBACK_ACTION,
    )
    sample_channels = {
        "phone": 9,
        "email": 14,
        "portal": 8,
        "survey": 10,
        "meeting": 4,
        "other": 1,
    }
    layout.table(
        RIGHT,
        top,
        "Tickets by channel",
        ["Channel", "Tickets", "Share"],
        [
            (
                t(label),
                [
                    (
                        book.value(
                            pivot_value(by_channel, "__count", "channel", key),
                            sample_channels[key],
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            ratio(
                                pivot_value(by_channel, "__count", "channel", key),
                                pivot_value(by_channel, "__count"),
                            ),
                            round(sample_channels[key] / 46, 3),
                        ),
                        "percent",
                    ),
                ],
            )
            for key, label in CHANNELS
        ],
        total=(
            t("Total"),
            [(book.value(pivot_value(by_channel, "__count"), 46), "int"), ("", None)],
        ),
        bars=1,
        menu="advisory_feedback.advisory_feedback_menu",
    )

    # tickets by category, SLA by priority -------------------------------------------
    top = layout.section()
    by_category = book.pivot(
        "Tickets by category and priority",
        "advisory.feedback",
        rows=["category"],
        cols=["priority"],
        match=ticket_match,
        action=FEEDBACK_ACTION,
    )
    sample_categories = {
        "service_quality": [2, 5, 4, 1],
        "fees": [1, 4, 2, 0],
        "communication": [2, 3, 1, 0],
        "proposal_quality": [0, 2, 2, 1],
        "complaint": [0, 1, 3, 2],
        "suggestion": [3, 2, 0, 0],
        "praise": [4, 1, 0, 0],
    }
    layout.table(
        LEFT,
        top,
        "Tickets by category and priority",
        ["Category", "Low", "Normal", "High + urgent"],
        [
            (
                t(label),
                [
                    (
                        book.value(
                            pivot_value(
                                by_category, "__count", "category", key, "priority", "0"
                            ),
                            sample_categories[key][0],
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            pivot_value(
                                by_category, "__count", "category", key, "priority", "1"
                            ),
                            sample_categories[key][1],
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            pivot_value(
                                by_category, "__count", "category", key, "priority", "2"
                            )
                            + "+"
                            + pivot_value(
                                by_category, "__count", "category", key, "priority", "3"
                            ),
                            sample_categories[key][2] + sample_categories[key][3],
                        ),
                        "int",
                    ),
                ],
            )
            for key, label in CATEGORIES
        ],
        menu="advisory_feedback.advisory_feedback_menu_analysis",
    )
    sample_sla = {
        "0": (10, 10, 9, 0),
        "1": (18, 16, 14, 2),
        "2": (12, 10, 8, 3),
        "3": (6, 4, 3, 2),
    }
    sla_rows = []
    for key, label in PRIORITIES:
        total = pivot_value(tickets, "__count", "priority", key)
        count, answered, resolved, escalations = sample_sla[key]
        sla_rows.append(
            (
                t(label),
                [
                    (book.value(total, count), "int"),
                    (
                        book.value(
                            ratio(
                                pivot_value(response_ok, "__count", "priority", key),
                                total,
                            ),
                            round(answered / count, 3),
                        ),
                        "percent",
                    ),
                    (
                        book.value(
                            ratio(
                                pivot_value(resolution_ok, "__count", "priority", key),
                                total,
                            ),
                            round(resolved / count, 3),
                        ),
                        "percent",
                    ),
                ],
            )
        )
    last = layout.table(
        RIGHT,
        top,
        "Service levels by priority",
        ["Priority", "Tickets", "Answered in time", "Resolved in time"],
        sla_rows,
        total=(
            t("Total"),
            [
                (book.value(pivot_value(tickets, "__count"), 46), "int"),
                (book.value(response_rate, 0.87), "percent"),
                (book.value(resolution_rate, 0.78), "percent"),
            ],
        ),
    )
    layout.note(
        RIGHT,
        last + 1,
        t("Resolved in time: resolved before the deadline, or open and not late yet."),
    )

    # escalations, improvement actions ---------------------------------------------
    top = layout.section()
    open_escalated = book.odoo_list(
        "Open escalated tickets",
        "advisory.feedback",
        ["partner_id", "name", "escalation_level", "priority", "state"],
        domain=[("escalation_level", ">", 0), *OPEN_TICKET],
        order=[("escalation_level", False), ("date_received", True)],
        match=ticket_now_match,
        action=FEEDBACK_ACTION,
    )
    escalations = pivot_value(escalated, "__count")
    sample_escalated = [
        ("Jinqiao Construction Engineering", "FB/2026/0011", 2, "Urgent"),
        ("Kaida Supply Chain Management", "FB/2026/0007", 1, "High"),
        ("Yunlian Cloud Technology", "FB/2026/0010", 1, "High"),
        ("Xinghe Property Development", "FB/2026/0012", 1, "Normal"),
    ]
    rows = []
    for index in range(1, 9):
        client, ref, level, priority = (
            sample_escalated[index - 1]
            if index <= len(sample_escalated)
            else ("", "", "", "")
        )
        rows.append(
            (
                book.value(odoo_list(open_escalated, index, "partner_id"), client),
                [
                    (book.value(odoo_list(open_escalated, index, "name"), ref), None),
                    (
                        book.value(
                            odoo_list(open_escalated, index, "escalation_level"), level
                        ),
                        "int",
                    ),
                    (
                        book.value(
                            odoo_list(open_escalated, index, "priority"), priority
                        ),
                        None,
                    ),
                ],
            )
        )
    last = layout.table(
        LEFT,
        top,
        "Escalated tickets still open",
        ["Client", "Ticket", "Level", "Priority"],
        rows,
        menu="advisory_feedback.advisory_feedback_menu",
    )
    layout.note(
        LEFT,
        last + 1,
        book.value(
            f'_t("Tickets escalated in the period:")'
            f'&" "&IF({escalations}="",0,{escalations})',
            '=_t("Tickets escalated in the period:")&" 7"',
        ),
    )
    actions = book.odoo_list(
        "Open improvement actions",
        "advisory.improvement.action",
        ["name", "user_id", "date_deadline", "state"],
        domain=[("state", "not in", ["done", "cancelled"])],
        order=[("date_deadline", True)],
        # an action of a process review has no client: the manager filter leaves it out
        match={
            "company": ("company_id", "many2one"),
            "rm": ("partner_id.relationship_manager_id", "many2one"),
        },
        action=IMPROVEMENT_ACTION,
    )
    sample_actions = [
        ("Reminder for the quarterly report date", "Marc Demo", 46000, "In Progress"),
        ("Fee estimate checklist for proposals", "Mitchell Admin", 46010, "Planned"),
        ("Call back urgent tickets within 4 hours", "Li Na", 46030, "Planned"),
    ]
    rows = []
    for index in range(1, 9):
        name, owner, deadline, state = (
            sample_actions[index - 1]
            if index <= len(sample_actions)
            else ("", "", "", "")
        )
        rows.append(
            (
                book.value(odoo_list(actions, index, "name"), name),
                [
                    (book.value(odoo_list(actions, index, "user_id"), owner), None),
                    (
                        book.value(
                            odoo_list(actions, index, "date_deadline"), deadline
                        ),
                        "date",
                    ),
                    (book.value(odoo_list(actions, index, "state"), state), None),
                ],
            )
        )
    layout.table(
        RIGHT,
        top,
        "Open improvement actions",
        ["Action", "Owner", "Deadline", "Status"],
        rows,
        menu="advisory_feedback.advisory_improvement_action_menu",
    )


# ----------------------------------------------------------------------------------
# 4. Targets
# ----------------------------------------------------------------------------------

# the KPIs of the registry (advisory_feedback/data/advisory_kpi_definition_data.xml:
# code, name, unit); this script reads no database, so it keeps its own list and
# tests/test_dashboard_files.py checks it against the data file
KPIS = [
    ("satisfaction_rate", "Satisfaction Rate", "percent"),
    ("repeat_purchase_rate", "Repeat Purchase Rate", "percent"),
    ("churn_rate", "Churn Rate", "percent"),
    ("revenue_growth", "Revenue Growth", "percent"),
    ("strategic_partner_share", "Strategic Partner Share", "percent"),
    ("conversion_rate", "Conversion Rate", "percent"),
    ("renewal_rate", "Renewal Rate", "percent"),
    ("feedback_response_hours", "Feedback Response Time", "hours"),
    ("feedback_response_sla", "Feedback Response within SLA", "percent"),
    ("feedback_resolution_hours", "Feedback Resolution Time", "hours"),
    ("feedback_resolution_sla", "Feedback Resolution within SLA", "percent"),
    ("survey_coverage", "Survey Coverage", "percent"),
    ("survey_consent_missing", "Survey Consent Missing", "percent"),
    ("lead_to_engagement_days", "Lead to Engagement Time", "days"),
    ("proposal_review_hours", "Proposal Review Time", "hours"),
    ("contract_approval_hours", "Contract Approval Time", "hours"),
    ("time_to_sign_days", "Time to Sign", "days"),
    # advisory_risk_feedback (installed with advisory_dashboard's dependencies)
    ("alert_handling_hours", "Alert Handling Time", "hours"),
    ("risk_event_rate", "Risk Event Rate", "percent"),
    # advisory_relationship_feedback (installed with the relationship programme)
    ("relationship_cost_ratio", "Relationship Cost Ratio", "percent"),
]
# the KPIs with a target shipped (the firm's plan), drawn per quarter
TARGET_KPIS = [
    "satisfaction_rate",
    "repeat_purchase_rate",
    "churn_rate",
    "revenue_growth",
    "strategic_partner_share",
]
QUARTERS = ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
SAMPLE_KPIS = {
    # code: values of the four quarters (oldest first), target, status, trend
    "satisfaction_rate": ([0.84, 0.88, 0.86, 0.91], 0.9, "met", "up"),
    "repeat_purchase_rate": ([0.41, 0.44, 0.47, 0.52], 0.5, "met", "up"),
    "churn_rate": ([0.06, 0.05, 0.04, 0.06], 0.05, "missed", "up"),
    "revenue_growth": ([0.08, 0.12, 0.09, 0.14], 0.1, "met", "up"),
    "strategic_partner_share": ([0.27, 0.28, 0.29, 0.28], 0.3, "missed", "down"),
    "conversion_rate": ([0.32, 0.35, 0.38, 0.36], "", "", "down"),
    "renewal_rate": ([0.7, 0.75, 0.8, 0.83], "", "", "up"),
    "feedback_response_hours": ([20.5, 16.0, 12.5, 9.0], "", "", "down"),
    "feedback_response_sla": ([0.78, 0.81, 0.86, 0.9], "", "", "up"),
    "feedback_resolution_hours": ([96.0, 88.0, 72.0, 70.0], "", "", "down"),
    "feedback_resolution_sla": ([0.7, 0.74, 0.77, 0.8], "", "", "up"),
    "survey_coverage": ([0.62, 0.7, 0.74, 0.81], "", "", "up"),
    "survey_consent_missing": ([0.12, 0.1, 0.09, 0.08], "", "", "down"),
    "lead_to_engagement_days": ([21.0, 18.5, 16.0, 12.5], 14.0, "met", "down"),
    "proposal_review_hours": ([60.0, 52.0, 45.5, 40.0], 48.0, "met", "down"),
    "contract_approval_hours": ([90.0, 84.0, 76.0, 80.0], 72.0, "missed", "up"),
    "time_to_sign_days": ([12.0, 10.5, 9.0, 8.5], 14.0, "met", "down"),
    "alert_handling_hours": ([70.0, 64.0, 58.0, 50.0], 72.0, "met", "down"),
    "risk_event_rate": ([0.14, 0.12, 0.11, 0.09], 0.1, "met", "down"),
    "relationship_cost_ratio": ([0.031, 0.028, 0.026, 0.024], "", "", "down"),
}
STATUSES = [("met", "Met"), ("missed", "Missed"), ("no_data", "No data")]
TRENDS = [("up", "▲"), ("down", "▼"), ("flat", "▬")]


def targets(book):
    quarter = [("period_type", "=", "quarter")]
    match = {"period": ("date_to", "date"), "company": ("company_id", "many2one")}
    latest = ("#period", 1)
    values = book.pivot(
        "KPI values per quarter",
        "advisory.kpi.snapshot.line",
        measures=["value:avg", "target:avg", "previous_value:avg"],
        rows=["kpi_code"],
        cols=[("period", "desc")],
        domain=quarter,
        match=match,
        action=KPI_LINE_ACTION,
    )
    statuses = book.pivot(
        "KPI status per quarter",
        "advisory.kpi.snapshot.line",
        rows=["kpi_code"],
        cols=[("period", "desc"), "status"],
        domain=quarter,
        match=match,
        action=KPI_LINE_ACTION,
    )
    trends = book.pivot(
        "KPI trend per quarter",
        "advisory.kpi.snapshot.line",
        rows=["kpi_code"],
        cols=[("period", "desc"), "trend"],
        domain=quarter,
        match=match,
        action=KPI_LINE_ACTION,
    )

    # scorecards ------------------------------------------------------------------
    shown = book.data_cell(
        "Latest quarter", pivot_header(values, *latest), QUARTERS[-1]
    )
    counts = {
        key: book.data_cell(
            label,
            pivot_value(statuses, "__count", *latest, "status", key),
            sum(1 for v in SAMPLE_KPIS.values() if v[2] == key),
        )
        for key, label in [
            ("met", "Targets met"),
            ("missed", "Targets missed"),
            ("no_data", "Without data"),
        ]
    }
    book.scorecard("quarter", 0, "Latest quarter", shown)
    book.scorecard("met", 1, "Targets met", counts["met"], color=CARD_GREEN)
    book.scorecard("missed", 2, "Targets missed", counts["missed"], color=CARD_ORANGE)
    book.scorecard("no_data", 3, "Without data", counts["no_data"])

    layout = Layout(book)
    top = layout.section()
    rows = []
    for code, label, fmt in KPIS:
        kpi = ("kpi_code", code)
        history, target, status, trend = SAMPLE_KPIS[code]
        status_formula = '""'
        for key, text in reversed(STATUSES):
            count = pivot_value(statuses, "__count", *kpi, *latest, "status", key)
            status_formula = f'IF({count}=1,_t("{text}"),{status_formula})'
        trend_formula = '""'
        for key, symbol in reversed(TRENDS):
            trend_formula = (
                f"IF({pivot_value(trends, '__count', *kpi, *latest, 'trend', key)}=1,"
                f'"{symbol}",{trend_formula})'
            )
        rows.append(
            (
                t(label),
                [
                    (
                        book.value(
                            pivot_value(values, "value:avg", *kpi, *latest), history[-1]
                        ),
                        fmt,
                    ),
                    (
                        book.value(
                            pivot_value(values, "target:avg", *kpi, *latest), target
                        ),
                        fmt,
                    ),
                    (
                        book.value(
                            status_formula,
                            t(dict(STATUSES)[status]) if status else "",
                        ),
                        "symbol",
                    ),
                    (
                        book.value(
                            pivot_value(values, "previous_value:avg", *kpi, *latest),
                            history[-2],
                        ),
                        fmt,
                    ),
                    (book.value(trend_formula, dict(TRENDS)[trend]), "symbol"),
                ],
            )
        )
    last = layout.table(
        LEFT,
        top,
        "KPIs of the latest quarter against their targets",
        ["KPI", "Value", "Target", "Status", "Previous quarter", "Trend"],
        rows,
        menu="advisory_feedback.advisory_kpi_trend_menu",
        columns=[LEFT, 1, 2, 3, RIGHT, RIGHT + 1],
    )
    layout.note(
        LEFT,
        last + 1,
        t(
            "From the KPI engine's quarterly snapshots (Advisory > Reporting > KPI "
            "Snapshots); a KPI without a target shows no status."
        ),
    )

    # met / missed per quarter, target KPIs per quarter -----------------------------
    top = layout.section()
    place = layout.chart(LEFT, top, "Targets met and missed per quarter", span=4)
    book.odoo_chart(
        "status_per_quarter",
        place,
        "bar",
        "advisory.kpi.snapshot.line",
        ["period", "status"],
        domain=[*quarter, ("status", "in", ["met", "missed"])],
        match=match,
        stacked=True,
        menu="advisory_feedback.advisory_kpi_trend_menu",
        sample=(
            ["Met", "Missed"],
            list(zip(QUARTERS, [2, 3, 2, 3], [3, 2, 3, 2], strict=False)),
        ),
    )
    place = layout.chart(RIGHT, top, "KPIs with a target, per quarter", span=4)
    # the last four quarters, oldest first, from the pivot of the values
    header = [dict((c, lbl) for c, lbl, _f in KPIS)[code] for code in TARGET_KPIS]
    table_rows = []
    for position, quarter_name in zip([4, 3, 2, 1], QUARTERS, strict=False):
        row = [
            (book.value(pivot_header(values, "#period", position), quarter_name), None)
        ]
        for code in TARGET_KPIS:
            history = SAMPLE_KPIS[code][0]
            row.append(
                (
                    book.value(
                        pivot_value(
                            values, "value:avg", "kpi_code", code, "#period", position
                        ),
                        history[4 - position],
                    ),
                    "percent",
                )
            )
        table_rows.append(tuple(row))
    labels, series = book.data_table(header, table_rows)
    book.line_chart("target_kpis", place, labels, series)


# ----------------------------------------------------------------------------------

DASHBOARDS = {
    # file stem: (builder, global filters)
    "client_portfolio": (portfolio, filters("period", "company", "rm")),
    "pipeline_contracts": (pipeline, filters("period", "company", "rm")),
    "service_quality": (service_quality, filters("period", "company", "rm")),
    "targets": (targets, filters("period", "company", period_default=None)),
}
# the Targets table has six columns on the left: a wider KPI name, narrower spacer
TARGETS_COLUMNS = [230, 90, 90, 100, 20, 110, 70, 140, 150]


def build():
    """{file name: spreadsheet data} of the live and sample dashboards."""
    files = {}
    for stem, (builder, dashboard_filters) in DASHBOARDS.items():
        for sample in (False, True):
            columns = TARGETS_COLUMNS if stem == "targets" else COLUMNS
            book = Book(stem, sample, dashboard_filters, columns)
            builder(book)
            name = (
                f"{stem}_sample_dashboard.json" if sample else f"{stem}_dashboard.json"
            )
            files[name] = book.export()
    return files


def dump(data):
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare")
    args = parser.parse_args(argv)
    FILES_DIR.mkdir(parents=True, exist_ok=True)
    differ = []
    for name, data in build().items():
        path = FILES_DIR / name
        text = dump(data)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        differ.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    for name in differ:
        print(("differs: " if args.check else "written: ") + name)
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
