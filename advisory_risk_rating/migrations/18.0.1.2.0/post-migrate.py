"""The risk officer's extra contract tier between the legal review (30) and the
executive approval (10), see advisory_client_mgmt's migration of the same version.
A firm that changed the sequence keeps its own."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    definition = env.ref(
        "advisory_risk_rating.tier_definition_contract_risk_officer",
        raise_if_not_found=False,
    )
    if definition and definition.sequence == 30:
        definition.sequence = 20
