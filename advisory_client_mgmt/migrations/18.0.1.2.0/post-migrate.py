"""Contract tiers in review order: OCA lists (and with "approve by sequence" asks
for) the higher sequence first, so the legal review takes 30 and the executive
approval 10. The definitions are noupdate data: a firm that changed a sequence
keeps its own."""

from odoo import SUPERUSER_ID, api

NEW_SEQUENCES = {
    "advisory_client_mgmt.tier_definition_contract_legal": (10, 30),
    "advisory_client_mgmt.tier_definition_contract_executive": (20, 10),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old, new) in NEW_SEQUENCES.items():
        definition = env.ref(xmlid, raise_if_not_found=False)
        if definition and definition.sequence == old:
            definition.sequence = new
