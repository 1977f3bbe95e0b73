"""Staff serving a client or an engagement (``advisory_access_user_ids``, read by
the advisors' record rules): filled here with one query per table before the update
creates the fields. The ORM would otherwise compute them record by record for every
client and engagement. Idempotent: nothing is done when the table exists."""

from odoo.tools import SQL, sql


def _create_relation(cr, table, column, owner, query):
    if sql.table_exists(cr, table):
        return
    # the table as the ORM creates it for the many2many (its foreign keys are added
    # by the update), filled from the fields the computation reads
    cr.execute(
        SQL(
            """CREATE TABLE %(table)s (%(column)s INTEGER NOT NULL,
                                       user_id INTEGER NOT NULL,
                                       PRIMARY KEY (%(column)s, user_id));
               COMMENT ON TABLE %(table)s IS %(comment)s;
               CREATE INDEX ON %(table)s (user_id, %(column)s);
               INSERT INTO %(table)s (%(column)s, user_id) %(query)s""",
            table=SQL.identifier(table),
            column=SQL.identifier(column),
            comment=f"RELATION BETWEEN {owner} AND res_users",
            query=query,
        )
    )


def migrate(cr, version):
    _create_relation(
        cr,
        "advisory_partner_access_rel",
        "partner_id",
        "res_partner",
        SQL(
            """SELECT id, relationship_manager_id FROM res_partner
                WHERE relationship_manager_id IS NOT NULL
               UNION
               SELECT partner_id, user_id FROM advisory_partner_team_rel"""
        ),
    )
    _create_relation(
        cr,
        "advisory_engagement_access_rel",
        "engagement_id",
        "advisory_engagement",
        SQL(
            """SELECT id, relationship_manager_id FROM advisory_engagement
                WHERE relationship_manager_id IS NOT NULL
               UNION
               SELECT engagement_id, user_id FROM advisory_engagement_team_rel
               UNION
               SELECT engagement.id, access.user_id
                 FROM advisory_engagement engagement
                 JOIN advisory_partner_access_rel access
                   ON access.partner_id = engagement.partner_id"""
        ),
    )
