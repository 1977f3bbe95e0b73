from . import res_company
from . import res_config_settings
from . import res_partner
from . import advisory_service_line
from . import advisory_engagement
from . import advisory_financial_statement
from . import advisory_communication_plan
from . import crm_lead
