from . import spreadsheet_dashboard
from . import survey_user_input
