from . import advisory_engagement_xlsx
from . import res_partner_profile
