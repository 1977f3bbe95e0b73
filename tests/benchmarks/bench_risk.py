"""Risk re-rating benchmark (issue 5): full re-rating of every generated client and
the segment recompute, against a raw-SQL baseline computing the same scores.

Run it with ``setup/bench risk [N]``; it runs in ``odoo shell`` (``env`` given):

    from tests.benchmarks import bench_risk
    bench_risk.prepare(env, N)      # first process: generate the data
    bench_risk.measure(env, N)      # second process: measure (clean peak memory)
"""

import os
import resource
import time
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from . import generator

BATCH_SIZES = (500, 2000)


def prepare(env, n_clients, batch_size=5000):
    clients = generator.generate(env, n_clients, batch_size=batch_size)
    env.cr.commit()  # pylint: disable=invalid-commit
    print(f"{len(clients)} generated clients ready")


def _make_all_due(env, partner_ids):
    """Every generated client due (previous runs rated them), no pending rating."""
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET risk_inputs_changed = TRUE WHERE id = ANY(%s)",
            partner_ids,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE advisory_risk_assessment SET state = 'cancelled' "
            "WHERE state = 'to_validate' AND partner_id = ANY(%s)",
            partner_ids,
        )
    )
    env.cr.commit()  # pylint: disable=invalid-commit
    env.invalidate_all()


def _queries_per_batch(env, partner_ids, size):
    """SQL queries of re-rating one batch of ``size`` clients (rolled back)."""
    Assessment = env["advisory.risk.assessment"]
    # warm the registry caches with a small batch first
    env.cr.execute(SQL("SAVEPOINT bench_queries"))
    Assessment._rerate_partners(env["res.partner"].browse(partner_ids[:10]))
    env.flush_all()
    env.cr.execute(SQL("ROLLBACK TO SAVEPOINT bench_queries"))
    env.invalidate_all()
    env.cr.execute(SQL("SAVEPOINT bench_queries"))
    before = env.cr.sql_log_count
    start = time.perf_counter()
    Assessment._rerate_partners(env["res.partner"].browse(partner_ids[10 : 10 + size]))
    env.flush_all()
    seconds = time.perf_counter() - start
    count = env.cr.sql_log_count - before
    env.cr.execute(SQL("ROLLBACK TO SAVEPOINT bench_queries"))
    env.invalidate_all()
    return count, seconds


def sql_baseline(env, model, partner_ids):
    """The scores of ``model`` for ``partner_ids`` in one raw SQL query:
    ``{partner id: score}``."""
    today = date.today()
    env.cr.execute(
        SQL(
            """
            WITH p AS (
                SELECT id, industry_id, country_id, state_id, management_stability
                  FROM res_partner WHERE id = ANY(%(ids)s)
            ), st AS (
                SELECT DISTINCT ON (partner_id) partner_id, debt_ratio, net_margin,
                       current_ratio
                  FROM advisory_financial_statement
                 WHERE partner_id = ANY(%(ids)s)
              ORDER BY partner_id, period_end DESC, id DESC
            ), cr AS (
                SELECT partner_id,
                       SUM(CASE record_type WHEN 'overdue' THEN 1
                                            WHEN 'default' THEN 3 ELSE 0 END) AS v
                  FROM advisory_credit_record
                 WHERE partner_id = ANY(%(ids)s) AND date > %(credit_since)s
              GROUP BY partner_id
            ), me AS (
                SELECT partner_id, COUNT(*) AS n FROM advisory_management_event
                 WHERE partner_id = ANY(%(ids)s) AND date > %(mgmt_since)s
              GROUP BY partner_id
            ), ex AS (
                SELECT partner_id, SUM(amount) AS amount FROM (
                    SELECT partner_id, amount_company_currency AS amount
                      FROM advisory_contract
                     WHERE partner_id = ANY(%(ids)s)
                       AND state IN ('to_approve', 'approved', 'signed', 'active')
                    UNION ALL
                    SELECT l.partner_id, l.expected_financing_amount
                      FROM crm_lead l JOIN crm_stage s ON s.id = l.stage_id
                     WHERE l.partner_id = ANY(%(ids)s) AND l.active
                       AND l.expected_financing_amount > 0 AND NOT s.is_won
                ) amounts GROUP BY partner_id
            ), lvl AS (
                SELECT * FROM (VALUES ('low', 1), ('medium', 2), ('high', 3),
                                      ('critical', 4)) AS t(level, v)
            ), raw AS (
                SELECT p.id AS partner_id, f.id AS factor_id, f.weight,
                       CASE f.kind
                         WHEN 'debt_ratio' THEN st.debt_ratio
                         WHEN 'net_margin' THEN st.net_margin
                         WHEN 'current_ratio' THEN st.current_ratio
                         WHEN 'credit_history' THEN cr.v
                         WHEN 'industry_risk' THEN il.v
                         WHEN 'region_risk' THEN COALESCE(sl.v, cl.v)
                         WHEN 'management_stability' THEN
                           GREATEST(1, p.management_stability::int - COALESCE(me.n, 0))
                         WHEN 'financing_exposure' THEN COALESCE(ex.amount, 0)
                       END AS v
                  FROM p
            CROSS JOIN advisory_risk_factor f
             LEFT JOIN st ON st.partner_id = p.id
             LEFT JOIN cr ON cr.partner_id = p.id
             LEFT JOIN me ON me.partner_id = p.id
             LEFT JOIN ex ON ex.partner_id = p.id
             LEFT JOIN advisory_industry_risk ir ON ir.industry_id = p.industry_id
             LEFT JOIN lvl il ON il.level = ir.risk_level
             LEFT JOIN advisory_region_risk sr ON sr.state_id = p.state_id
             LEFT JOIN lvl sl ON sl.level = sr.risk_level
             LEFT JOIN advisory_region_risk crr
                    ON crr.country_id = p.country_id AND crr.state_id IS NULL
             LEFT JOIN lvl cl ON cl.level = crr.risk_level
                 WHERE f.model_id = %(model)s
            )
            SELECT raw.partner_id,
                   ROUND(SUM(COALESCE((
                       SELECT b.points FROM advisory_risk_factor_band b
                        WHERE b.factor_id = raw.factor_id
                          AND (b.value_from IS NULL OR raw.v >= b.value_from)
                          AND (b.value_to IS NULL OR raw.v < b.value_to)
                     ORDER BY b.sequence, b.value_from, b.id LIMIT 1
                   ), %(missing)s) * raw.weight / 100.0)::numeric, 2)
              FROM raw GROUP BY raw.partner_id
            """,
            ids=partner_ids,
            model=model.id,
            missing=model.missing_points,
            credit_since=today - relativedelta(months=36),
            mgmt_since=today - relativedelta(months=12),
        )
    )
    return {partner_id: float(score) for partner_id, score in env.cr.fetchall()}


def measure(env, n_clients):
    env = env(su=True)
    clients = generator.bench_clients(env)
    ids = clients.ids[:n_clients]
    if len(ids) < n_clients:
        raise SystemExit(f"only {len(ids)} generated clients: run prepare first")
    # only the generated clients are due: the others keep their rating
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET is_advisory_client = FALSE "
            "WHERE is_advisory_client AND NOT (id = ANY(%s))",
            ids,
        )
    )
    _make_all_due(env, ids)
    Assessment = env["advisory.risk.assessment"]
    model = env["advisory.risk.model"]._get_active_model(env.company)

    load_before = os.getloadavg()
    env.cr.execute(SQL("SELECT COUNT(*) FROM advisory_risk_assessment"))
    assessments_before = env.cr.fetchone()[0]
    queries = {size: _queries_per_batch(env, ids, size) for size in BATCH_SIZES}

    _make_all_due(env, ids)
    run_start = env.cr.now()
    env.cr.commit()  # pylint: disable=invalid-commit
    start = time.perf_counter()
    rated = Assessment._cron_rerate()
    rerate_seconds = time.perf_counter() - start

    start = time.perf_counter()
    env["res.partner"]._cron_recompute_segments()
    segment_seconds = time.perf_counter() - start

    start = time.perf_counter()
    baseline = sql_baseline(env, model, ids)
    sql_seconds = time.perf_counter() - start
    env.cr.execute(
        SQL(
            "SELECT partner_id, score FROM advisory_risk_assessment "
            "WHERE automatic AND create_date >= %s AND partner_id = ANY(%s)",
            run_start,
            ids,
        )
    )
    orm_scores = dict(env.cr.fetchall())
    mismatches = sum(
        1
        for partner_id, score in baseline.items()
        if abs(orm_scores.get(partner_id, -1000) - score) > 0.011
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    env.cr.execute(
        SQL(
            "SELECT value_tier, COUNT(*) FROM res_partner WHERE id = ANY(%s) "
            "GROUP BY value_tier ORDER BY value_tier",
            ids,
        )
    )
    tiers = dict(env.cr.fetchall())
    env.cr.execute(
        SQL(
            "SELECT state, COUNT(*) FROM advisory_risk_assessment "
            "WHERE create_date >= %s GROUP BY state",
            run_start,
        )
    )
    states = dict(env.cr.fetchall())
    env.cr.commit()  # pylint: disable=invalid-commit

    load_after = os.getloadavg()
    lines = [
        f"clients: {len(ids)} ({assessments_before} assessments in the table "
        "before the run)",
        f"load average (1, 5, 15 min) before: {load_before[0]:.2f} "
        f"{load_before[1]:.2f} {load_before[2]:.2f}, after: {load_after[0]:.2f} "
        f"{load_after[1]:.2f} {load_after[2]:.2f} ({os.cpu_count()} cores)",
        f"re-rating (_cron_rerate): {rated} clients in {rerate_seconds:.1f} s = "
        f"{rated / rerate_seconds:.0f} clients/s (assessments: {states})",
        *(
            f"queries for one batch of {size} clients: {count} ({seconds:.2f} s)"
            for size, (count, seconds) in queries.items()
        ),
        f"segment recompute: {segment_seconds:.1f} s "
        f"({len(ids) / segment_seconds:.0f} clients/s; tiers {tiers})",
        f"raw-SQL baseline, same scores: {sql_seconds:.1f} s = "
        f"{len(baseline) / sql_seconds:.0f} clients/s; ORM / SQL time ratio "
        f"{rerate_seconds / sql_seconds:.1f}; score mismatches: {mismatches}",
        f"peak memory (ru_maxrss): {peak_mb:.0f} MB",
    ]
    print("\n".join(["== risk re-rating benchmark =="] + lines))
    return lines
