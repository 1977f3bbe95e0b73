from . import controllers, models, report, wizard
from . import demo


def uninstall_hook(env):
    """Keep the shipped satisfaction surveys when the addon is uninstalled: the
    clients' answers belong to them (an answer is deleted with its survey), so the
    surveys, their questions and choices stay as ordinary surveys of the Surveys app
    instead of being removed with the addon's data. So do the answers of the demo
    data (their xml ids drive the demo flow)."""
    env["ir.model.data"].search(
        [
            ("module", "=", "advisory_feedback"),
            (
                "model",
                "in",
                (
                    "survey.survey",
                    "survey.question",
                    "survey.question.answer",
                    "survey.user_input",
                ),
            ),
        ]
    ).unlink()
