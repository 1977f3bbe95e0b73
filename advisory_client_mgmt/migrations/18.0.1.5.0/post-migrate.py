"""Stage history (advisory.stage.event): the engagements, proposals and contracts
that exist before the update get one event "entered its current state", dated from
their creation (still in their first state) or their last change. Idempotent.

New bridges: Odoo installs an auto-install addon only together with one of its
dependencies, never on ``-u``; the advisory bridges whose addons are all installed
(``advisory_relationship_feedback`` on databases made before it, and the bridges new
in this version) are marked for installation here, and the same update installs
them."""

from odoo import SUPERUSER_ID, api

MODELS = ("advisory.engagement", "advisory.proposal", "advisory.contract")
INSTALLED = ("installed", "to upgrade", "to install")


def _install_new_bridges(env):
    bridges = env["ir.module.module"].search(
        [
            ("name", "=like", "advisory\\_%"),
            ("auto_install", "=", True),
            ("state", "=", "uninstalled"),
        ]
    )
    ready = bridges.filtered(
        lambda bridge: all(
            dependency.state in INSTALLED for dependency in bridge.dependencies_id
        )
    )
    if ready:
        ready.button_install()


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["advisory.stage.event"]._backfill(MODELS)
    _install_new_bridges(env)
