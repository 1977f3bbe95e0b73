"""The dashboards of advisory_dashboard are the files tools/build_advisory_dashboards.py
writes: a change made to a JSON file by hand would be lost at the next build (Odoo
Community has no dashboard editor; the script is the source)."""

import pathlib
import unittest
from xml.etree import ElementTree

from odoo.modules.migration import load_script

TOOL = (
    pathlib.Path(__file__).resolve().parent.parent
    / "tools"
    / "build_advisory_dashboards.py"
)


def load_tool():
    return load_script(str(TOOL), "build_advisory_dashboards")


class TestDashboardFiles(unittest.TestCase):
    def test_shipped_files_are_built_by_the_tool(self):
        tool = load_tool()
        built = tool.build()
        shipped = sorted(path.name for path in tool.FILES_DIR.glob("*.json"))
        self.assertEqual(shipped, sorted(built))
        self.assertEqual(len(built), 8)  # four dashboards and their samples
        for name, data in built.items():
            with self.subTest(file=name):
                self.assertEqual(
                    (tool.FILES_DIR / name).read_text(encoding="utf-8"),
                    tool.dump(data),
                    "run python3 tools/build_advisory_dashboards.py",
                )

    def test_check_mode(self):
        self.assertEqual(load_tool().main(["--check"]), 0)

    def test_kpis_are_the_registry(self):
        """The Targets dashboard lists the KPIs of the registry shipped by
        advisory_feedback and by the bridges installed with it (the script cannot
        read a database: it keeps its own list, checked here against the data
        files)."""
        registry = {}
        for addon in (
            "advisory_feedback",
            "advisory_risk_feedback",
            "advisory_relationship_feedback",
        ):
            data = (
                TOOL.parent.parent / addon / "data" / "advisory_kpi_definition_data.xml"
            )
            for record in ElementTree.parse(data).getroot().iter("record"):
                if record.get("model") != "advisory.kpi.definition":
                    continue
                values = {
                    field.get("name"): field.text for field in record.iter("field")
                }
                registry[values["code"]] = (values["name"], values["unit"])
        tool = load_tool()
        self.assertEqual(len(registry), 20)
        self.assertEqual(
            {code: (name, unit) for code, name, unit in tool.KPIS}, registry
        )
        self.assertEqual(set(tool.SAMPLE_KPIS), set(registry))
        self.assertLessEqual(set(tool.TARGET_KPIS), set(registry))
