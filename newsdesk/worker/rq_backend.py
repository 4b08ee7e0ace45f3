"""The Redis broker: django-tasks' RQ backend, with retries for lost and failed tasks.

RQ acknowledges a job only when it finishes: while it runs it sits in the queue's
"started" registry with a heartbeat, and a job whose worker vanished (killed, machine
gone) is found there once its heartbeat lapses and is run again while it has retries
left. After ``NEWSDESK_TASK_RETRIES`` attempts it stays in the "failed" registry: the
dead letters the operator reads and retries from the console. Every newsdesk task is
idempotent, so running one again is always safe.
"""

from __future__ import annotations

from typing import Any

import django_rq
from django_tasks.base import TASK_MAX_PRIORITY, Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq.backend import Job, RQBackend, failed_callback, success_callback
from rq import Retry
from rq.job import Callback, JobStatus

from newsdesk import config

RETRY_INTERVALS = [5, 30, 120]  # seconds before the second, third and later attempts


class RedisQueueBackend(RQBackend):
    # Priorities hold through queue order: workers take "sources", then "articles",
    # "default" and last "stages" (settings.TASK_QUEUES), which is the order of the
    # tasks' priorities; within a queue, first come first served.
    supports_priority = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result: TaskResult = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        retries = int(config.get_number("NEWSDESK_TASK_RETRIES"))
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
            retry=Retry(max=retries, interval=RETRY_INTERVALS) if retries > 0 else None,
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)
        return result
