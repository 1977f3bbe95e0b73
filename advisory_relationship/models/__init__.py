from . import advisory_care_holiday
from . import advisory_care_rule
from . import advisory_care_occasion
from . import res_partner
from . import event_event
from . import event_registration
