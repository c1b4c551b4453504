"""Running a cron the way Odoo's scheduler does, with crashes on demand.

Odoo 18 calls a cron method again and again while it reports remaining work
(``ir.cron._notify_progress``), committing after each call: one call is one
batch. In a test transaction a savepoint stands for that commit; a crash rolls
the batch back, as the scheduler's rollback does, and stops the run.
"""

from contextlib import contextmanager
from unittest.mock import patch

MAX_BATCHES = 50


class SimulatedCrash(Exception):
    """Raised inside a batch by :func:`crash_on_call`."""


@contextmanager
def crash_on_call(model_class, method_name, call_number):
    """Make the ``call_number``-th call of ``model_class.method_name`` do its
    work and then raise, as a worker killed in the middle of a batch."""
    original = getattr(model_class, method_name)
    calls = {"count": 0}

    def crashing(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        calls["count"] += 1
        if calls["count"] == call_number:
            raise SimulatedCrash(f"crash in call {call_number} of {method_name}")
        return result

    with patch.object(model_class, method_name, crashing):
        yield calls


class CronRunnerMixin:
    def run_like_the_scheduler(self, cron_xmlid, call):
        """Run ``call(model)`` in batches until the cron reports nothing left.

        Returns ``"done"`` or ``"crashed"`` (a batch raised: its work is rolled
        back, the batches before it stay, as committed by the scheduler)."""
        cron = self.env.ref(cron_xmlid)
        model = self.env[cron.model_id.model]
        for __ in range(MAX_BATCHES):
            __, progress = cron._add_progress()
            try:
                with self.env.cr.savepoint():
                    call(model.with_context(ir_cron_progress_id=progress.id))
                    self.env.flush_all()
            except SimulatedCrash:
                self.env.invalidate_all()
                return "crashed"
            if not progress.remaining or not progress.done:
                return "done"
        self.fail(f"{cron_xmlid} did not finish in {MAX_BATCHES} batches")

    def assert_resumes_then_idles(self, cron_xmlid, call):
        """After a crash the next run finishes the work, and a run after it
        is done at once (the cron is idempotent)."""
        self.assertEqual(self.run_like_the_scheduler(cron_xmlid, call), "done")
        self.assertEqual(self.run_like_the_scheduler(cron_xmlid, call), "done")
