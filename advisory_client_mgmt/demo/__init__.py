from . import advisory_engagement_demo
from . import advisory_fund_usage_demo
