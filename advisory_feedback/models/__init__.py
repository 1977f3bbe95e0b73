from . import (
    res_company,
    res_config_settings,
    survey_survey,
    survey_user_input,
    advisory_feedback_sla,
    advisory_feedback,
    advisory_improvement_action,
    advisory_process_review,
    advisory_engagement,
    project_project,
    res_partner,
    advisory_feedback_demo,
)
