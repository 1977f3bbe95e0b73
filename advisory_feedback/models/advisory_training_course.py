from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AdvisoryTrainingCourse(models.Model):
    """A course or a certification staff take; a certification may be a survey
    certification (passing it records the certificate) and may be required for
    some roles (groups)."""

    _name = "advisory.training.course"
    _description = "Training Course"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(
        [("course", "Course"), ("certification", "Certification")],
        required=True,
        default="course",
        tracking=True,
    )
    hours = fields.Float(help="Hours of training a participant gets.")
    validity_months = fields.Integer(
        string="Valid For (Months)",
        help="A certification expires this many months after it was obtained; "
        "0: it does not expire.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Certification Survey",
        domain="[('certification', '=', True)]",
        help="Passing this survey certification records the certificate.",
    )
    required_group_ids = fields.Many2many(
        "res.groups",
        "advisory_training_course_res_groups_rel",
        "course_id",
        "group_id",
        string="Required For",
        help="Members of these groups must hold this certification (scorecards "
        "measure the coverage; an activity warns before it expires).",
    )
    company_id = fields.Many2one("res.company", index=True)
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True)
    record_ids = fields.One2many("advisory.training.record", "course_id")

    @api.constrains("hours", "validity_months")
    def _check_numbers(self):
        for course in self:
            if course.hours < 0 or course.validity_months < 0:
                raise ValidationError(
                    self.env._(
                        "The hours and the validity of %(course)s cannot be negative.",
                        course=course.name,
                    )
                )
