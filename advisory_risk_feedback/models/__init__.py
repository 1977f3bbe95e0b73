from . import advisory_risk_alert_rule
