"""Reusable data generator for the benchmarks.

``generate(env, n_clients)`` creates ``n_clients`` advisory clients, each with two
yearly financial statements, one to three credit records and
``contracts_per_client`` engagements with a signed contract, in batches through the
ORM's ``create`` on lists (no per-record sequence: references are given). The data
is deterministic (seeded) and every client's name starts with ``PREFIX``, so a
later benchmark can find the clients (``bench_clients(env)``) and add its own data
to them (survey answers, tickets, ...).
"""

import random
import threading
import time
from datetime import date, timedelta

PREFIX = "BENCH"
INDUSTRY_LEVELS = (
    ("Bench utilities", "low"),
    ("Bench retail", "medium"),
    ("Bench construction", "high"),
    ("Bench crypto mining", "critical"),
)
BULK_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
}


def bench_clients(env):
    """The clients created by :func:`generate`."""
    return env["res.partner"].search(
        [("is_advisory_client", "=", True), ("name", "=like", f"{PREFIX} %")],
        order="id",
    )


def _risk_tables(env):
    """Industries (with their risk level when advisory_risk_rating is installed)
    and countries used by the generated clients."""
    Industry = env["res.partner.industry"]
    industries = []
    for name, level in INDUSTRY_LEVELS:
        industry = Industry.search([("name", "=", name)], limit=1) or Industry.create(
            {"name": name}
        )
        industries.append(industry.id)
        if "advisory.industry.risk" in env and not env["advisory.industry.risk"].search(
            [("industry_id", "=", industry.id)]
        ):
            env["advisory.industry.risk"].create(
                {"industry_id": industry.id, "risk_level": level}
            )
    countries = [env.ref(f"base.{code}").id for code in ("cn", "sg", "us", "de")]
    if "advisory.region.risk" in env:
        for country_id, level in zip(
            countries, ("low", "medium", "high", "critical"), strict=False
        ):
            if not env["advisory.region.risk"].search(
                [("country_id", "=", country_id)]
            ):
                env["advisory.region.risk"].create(
                    {"country_id": country_id, "risk_level": level}
                )
    return industries, countries


def generate(
    env, n_clients, batch_size=5000, contracts_per_client=1, seed=42, log=print
):
    """Create ``n_clients`` more generated clients (beyond those already there).

    :return: the generated clients (all of them, old and new)
    """
    env = env(context=dict(env.context, **BULK_CONTEXT), su=True)
    rng = random.Random(seed)
    existing = len(bench_clients(env))
    industries, countries = _risk_tables(env)
    stability = "management_stability" in env["res.partner"]._fields
    company = env.company
    today = date.today()
    start = time.time()
    for first in range(existing, n_clients, batch_size):
        count = min(batch_size, n_clients - first)
        partners = env["res.partner"].create(
            [
                dict(
                    {
                        "name": f"{PREFIX} {index:07d}",
                        "is_company": True,
                        "is_advisory_client": True,
                        "advisory_ref": f"B{index:07d}",
                        "industry_id": rng.choice(industries),
                        "country_id": rng.choice(countries),
                    },
                    **(
                        {"management_stability": str(rng.randint(1, 5))}
                        if stability
                        else {}
                    ),
                )
                for index in range(first, first + count)
            ]
        )
        statements = []
        for partner in partners:
            for year in (today.year - 2, today.year - 1):
                assets = rng.randint(1_000, 100_000) * 1000.0
                liabilities = assets * rng.uniform(0.1, 1.0)
                current_assets = assets * rng.uniform(0.2, 0.8)
                revenue = assets * rng.uniform(0.3, 2.0)
                statements.append(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "period_type": "year",
                        "period_start": date(year, 1, 1),
                        "period_end": date(year, 12, 31),
                        "total_assets": assets,
                        "current_assets": current_assets,
                        "total_liabilities": liabilities,
                        "current_liabilities": min(
                            liabilities, current_assets * rng.uniform(0.3, 1.5)
                        ),
                        "revenue": revenue,
                        "net_profit": revenue * rng.uniform(-0.1, 0.25),
                        "operating_cash_flow": revenue * rng.uniform(-0.05, 0.2),
                    }
                )
        env["advisory.financial.statement"].create(statements)
        if "advisory.credit.record" in env:
            records = []
            for partner in partners:
                for _ in range(rng.randint(1, 3)):
                    records.append(
                        {
                            "partner_id": partner.id,
                            "company_id": company.id,
                            "date": today - timedelta(days=rng.randint(10, 1500)),
                            "record_type": rng.choices(
                                ("bank_loan", "overdue", "default"), (80, 17, 3)
                            )[0],
                            "amount": rng.randint(10, 5000) * 1000.0,
                        }
                    )
            env["advisory.credit.record"].create(records)
        engagements = env["advisory.engagement"].create(
            [
                {
                    "name": f"{PREFIX}-E {partner.id}-{number}",
                    "partner_id": partner.id,
                    "company_id": company.id,
                }
                for partner in partners
                for number in range(contracts_per_client)
            ]
        )
        contracts = []
        for engagement in engagements:
            signed = today - timedelta(days=rng.randint(1, 700))
            contracts.append(
                {
                    "name": f"{PREFIX}-C {engagement.id}",
                    "engagement_id": engagement.id,
                    "fee_type": "retainer",
                    # a few large clients make most of the value (Pareto-like)
                    "amount": round(rng.paretovariate(1.2) * 20_000, 2),
                    "date_start": signed,
                    "date_end": signed + timedelta(days=365),
                    "signed_date": signed,
                    "signer_name": "Bench signer",
                    "state": "active",
                }
            )
        env["advisory.contract"].create(contracts)
        env.flush_all()
        if not getattr(threading.current_thread(), "testing", False):
            # keep what is generated if a later batch fails
            env.cr.commit()  # pylint: disable=invalid-commit
        env.invalidate_all()
        done = first + count
        log(
            f"generated {done}/{n_clients} clients "
            f"({(done - existing) / (time.time() - start):.0f} clients/s)"
        )
    return bench_clients(env)
