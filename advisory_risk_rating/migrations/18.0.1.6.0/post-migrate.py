"""Stage history (advisory.stage.event of advisory_client_mgmt): the risk assessments
that exist before the update get one event "entered its current state", dated from
their creation (still drafts) or their last change. Idempotent."""

from odoo import SUPERUSER_ID, api

MODELS = ("advisory.risk.assessment",)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["advisory.stage.event"]._backfill(MODELS)
