from . import advisory_improvement_action
from . import survey_user_input
