from . import portal
from . import portal_engagement
from . import portal_fund_usage
from . import portal_sign
