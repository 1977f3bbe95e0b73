"""Stage history (advisory.stage.event): the engagements, proposals and contracts
that exist before the update get one event "entered its current state", dated from
their creation (still in their first state) or their last change. Idempotent."""

from odoo import SUPERUSER_ID, api

MODELS = ("advisory.engagement", "advisory.proposal", "advisory.contract")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["advisory.stage.event"]._backfill(MODELS)
