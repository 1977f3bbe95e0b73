"""The use-of-funds variance threshold of the shipped control policies: the policy
data is not updated on an upgrade, so the new field has its default (20 %) on every
level; give the shipped levels their shipped thresholds (a threshold a risk officer
already changed is kept)."""

from odoo import SUPERUSER_ID, api

SHIPPED = {
    "advisory_risk_rating.risk_policy_low": 25.0,
    "advisory_risk_rating.risk_policy_medium": 20.0,
    "advisory_risk_rating.risk_policy_high": 15.0,
    "advisory_risk_rating.risk_policy_critical": 10.0,
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xml_id, threshold in SHIPPED.items():
        policy = env.ref(xml_id, raise_if_not_found=False)
        if policy and policy.fund_usage_variance_threshold == 20.0:
            policy.fund_usage_variance_threshold = threshold
