"""The assessment state ``expired`` is renamed ``superseded`` (its label was already
"Superseded"; a contract's ``expired`` means it ended): the assessments, their stage
history, the selection value (its translations stay) and the saved filters on
assessments follow."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE advisory_risk_assessment SET state = 'superseded'
             WHERE state = 'expired';
            UPDATE advisory_stage_event SET state_to = 'superseded'
             WHERE res_model = 'advisory.risk.assessment' AND state_to = 'expired';
            UPDATE advisory_stage_event SET state_from = 'superseded'
             WHERE res_model = 'advisory.risk.assessment' AND state_from = 'expired';
            UPDATE ir_model_fields_selection SET value = 'superseded'
             WHERE value = 'expired'
               AND field_id IN (SELECT id FROM ir_model_fields
                                 WHERE model = 'advisory.risk.assessment'
                                   AND name = 'state');
            UPDATE ir_model_data
               SET name = 'selection__advisory_risk_assessment__state__superseded'
             WHERE module = 'advisory_risk_rating'
               AND name = 'selection__advisory_risk_assessment__state__expired';
            UPDATE ir_filters SET domain = replace(domain, 'expired', 'superseded')
             WHERE model_id = 'advisory.risk.assessment'
               AND domain LIKE '%%expired%%';
            """
        )
    )
