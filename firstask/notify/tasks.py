"""Thin tasks: call a service, report counts. Beat runs both (CELERY_BEAT_SCHEDULE).

Both are safe to run twice, at once, or again after a worker was killed mid-way
(acks late + reject on worker lost redeliver the message): the sweep's claims are
unique and the relay claims rows conditionally. Time limits: the sweep stops between
batches well before its soft limit and the next beat carries on.
"""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from firstask.notify.relay import deliver_pending
from firstask.notify.supervision import sweep_supervision
from firstask.notify.sweep import BATCH_SIZE, sweep_warnings

SWEEP_SOFT_LIMIT = 110
SWEEP_BUDGET = 80  # seconds of batches before handing the rest to the next beat


@shared_task(
    name="firstask.notify.tasks.sweep_warnings_task",
    soft_time_limit=SWEEP_SOFT_LIMIT,
    time_limit=SWEEP_SOFT_LIMIT + 30,
)
def sweep_warnings_task(batch_size: int | None = None, pause: float = 0.0) -> dict:
    """``batch_size`` and ``pause`` are for operators and the fault tests; beat sends none."""
    result = sweep_warnings(
        batch_size=max(1, min(int(batch_size or BATCH_SIZE), BATCH_SIZE)),
        time_budget=SWEEP_BUDGET,
        pause=max(0.0, min(float(pause), 1.0)),
    )
    report = asdict(result)
    report.pop("tokens")
    report["supervision_warnings"] = sweep_supervision()
    return report


@shared_task(name="firstask.notify.tasks.deliver_notifications", soft_time_limit=50, time_limit=80)
def deliver_notifications() -> dict:
    return asdict(deliver_pending())


@shared_task(
    name="firstask.notify.tasks.check_integrity_task", soft_time_limit=1800, time_limit=1900
)
def check_integrity_task() -> dict:
    """Nightly: the auditor's checks over every inquiry; managers hear of violations."""
    from firstask.notify.integrity import run_and_report

    run = run_and_report()
    return {"violations": run.violations, "counts": run.counts}
