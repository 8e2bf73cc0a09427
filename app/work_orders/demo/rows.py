"""Table rows for the demo's jobs: the work order, its checklist answers, status history, time logs and parts used.

The roll-ups (actual hours, labour and parts cost) are summed from the very logs and issues written next to them,
so they agree with what the services would have added up one entry at a time.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.core.numbers import money
from app.inventory.demo.store import Issue, Store
from app.work_orders.demo import data
from app.work_orders.demo.failure_catalogue import code_of
from app.work_orders.demo.jobs import Job, Tech
from app.work_orders.enums import StepKind, StepState, TimeLogSource
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import format_number

PLANNER = 'Sam Supervisor'
RUNNING_AT_MOST = timedelta(hours=8)  # a timer running longer than a shift would be a forgotten one
QUARTER = Decimal('0.25')


class RowBuilder:
    def __init__(self, org_id: int, rng: random.Random, now: datetime, store: Store, templates: dict, tina: Tech):
        self.org_id, self.rng, self.now, self.store, self.templates, self.tina = (
            org_id,
            rng,
            now,
            store,
            templates,
            tina,
        )
        self.running: set[int] = set()  # people with a running timer: one each

    def rows(self, job: Job) -> tuple[dict, list[dict], list[dict], list[dict], list[Issue]]:
        """(work order, steps, transitions, time logs, issues) of one job."""
        transitions = self.transitions(job)
        logs = self.time_logs(job)
        issues = self.issues(job)
        return self.work_order(job, transitions, logs, issues), self.steps(job), transitions, logs, issues

    def work_order(self, job: Job, transitions: list, logs: list, issues: list[Issue]) -> dict[str, Any]:
        template_id, planned = self.templates.get(job.template, (None, []))
        estimate = Decimal(str(job.hours)).quantize(Decimal('0.01'))
        planned_cost = sum((self.store.planned(f).unit_cost for f in job.families), Decimal('0')) if planned else 0
        closed = job.status is S.COMPLETED
        problem, cause, remedy = (code_of(label) for label in job.failure)  # as the demo catalogue files them
        return {
            'id': job.id, 'organization_id': self.org_id, 'number': job.number, 'title': job.title[:200],
            'description': _description(job), 'asset_id': job.asset.id, 'site_id': job.asset.site_id,
            'work_type': job.work_type, 'priority': job.priority, 'status': job.status, 'due_at': job.due,
            'assignee_id': job.assignee.id if job.assignee else None, 'team': job.team,
            'requester_id': job.requester_id, 'requested_by': job.requester, 'estimated_hours': estimate,
            'estimated_cost': money(estimate * 52 + planned_cost),
            'actual_hours': sum((log['hours'] for log in logs), Decimal('0')),
            'labour_cost': sum((log['cost'] for log in logs), Decimal('0')),
            'parts_cost': sum((money(i.quantity * i.part.unit_cost) for i in issues), Decimal('0')),
            'failure_problem': problem, 'failure_cause': cause if closed else '',
            'failure_remedy': remedy if closed else '', 'template_id': template_id, 'planned_parts': planned,
            'schedule_id': None, 'follow_up_of_id': job.follow_up_of.id if job.follow_up_of else None,
            'scheduled_at': job.scheduled, 'started_at': job.started, 'completed_at': job.completed,
            'cancelled_at': job.cancelled, 'version': len(transitions), 'created_at': job.created,
            'updated_at': max(t['at'] for t in transitions),
        }  # fmt: skip

    def steps(self, job: Job) -> list[dict]:
        steps, rng = job.steps, self.rng
        if job.steps_done is not None:
            done = job.steps_done
        else:
            done = {S.COMPLETED: len(steps), S.IN_PROGRESS: len(steps) // 2, S.ON_HOLD: len(steps) // 3}.get(
                job.status, 0
            )
        failing = next(i for i, s in enumerate(steps) if s[1] in ('number', 'pass_fail')) if job.failed_step else -1
        start = job.started or job.created
        end = job.completed or (job.hold[0] if job.hold else self.now)
        rows = []
        for index, (title, kind, low, high, unit) in enumerate(steps):
            row = {
                'organization_id': self.org_id, 'work_order_id': job.id, 'position': index + 1, 'title': title,
                'kind': StepKind(kind), 'required': kind != 'text', 'min_value': low, 'max_value': high, 'unit': unit,
                'state': StepState.PENDING, 'value_number': None, 'value_text': '', 'passed': None,
                'completed_by': '', 'completed_at': None, 'follow_up_work_order_id': None,
            }  # fmt: skip
            if index < done and job.assignee and (kind != 'text' or rng.random() < 0.4):
                failed = index == failing
                row.update(state=StepState.FAILED if failed else StepState.DONE, completed_by=job.assignee.name,
                           completed_at=start + (end - start) * ((index + 1) / (len(steps) + 1)))  # fmt: skip
                if kind == 'number':
                    share = rng.uniform(1.1, 1.4) if failed else rng.uniform(0.15, 0.85)
                    row['value_number'] = round(low + (high - low) * share, 1)
                elif kind == 'pass_fail':
                    row['passed'] = not failed
                elif kind == 'text':
                    row['value_text'] = rng.choice(data.STEP_NOTES)
                if failed and job.follow_up:
                    row['follow_up_work_order_id'] = job.follow_up.id
            rows.append(row)
        return rows

    def transitions(self, job: Job) -> list[dict]:
        rows: list[dict] = []

        def move(to: S, at: datetime, actor: str, note: str = '') -> None:
            before = rows[-1]['to_status'] if rows else None
            rows.append({'organization_id': self.org_id, 'work_order_id': job.id, 'from_status': before,
                         'to_status': to, 'at': at, 'actor_label': actor, 'note': note})  # fmt: skip

        move(S.REQUESTED if job.requested else S.SCHEDULED, job.created, job.requester)
        doer = job.assignee.name if job.assignee else PLANNER
        if job.requested and job.scheduled:
            move(S.SCHEDULED, job.scheduled, PLANNER)
        if job.started:
            move(S.IN_PROGRESS, job.started, doer)
        if job.hold:
            move(S.ON_HOLD, job.hold[0], doer, job.note)
            if job.hold[1]:
                move(S.IN_PROGRESS, job.hold[1], doer)
        if job.completed:
            move(S.COMPLETED, job.completed, doer)
        if job.cancelled:
            move(S.CANCELLED, job.cancelled, PLANNER, job.note)
        return rows

    def time_logs(self, job: Job) -> list[dict]:
        tech = job.assignee
        if job.started is None or tech is None:
            return []
        end = job.completed or self.now
        sessions = [(job.started, job.hold[0])] + ([(job.hold[1], end)] if job.hold[1] else []) if job.hold else []
        sessions = sessions or [(job.started, end)]
        logs = []
        for index, (start, stop) in enumerate(sessions):
            if job.status is S.IN_PROGRESS and index == len(sessions) - 1:
                if self.now - start <= RUNNING_AT_MOST and tech is not self.tina and tech.id not in self.running:
                    self.running.add(tech.id)
                    logs.append(self._log(job, tech, TimeLogSource.TIMER, start, None, Decimal('0')))
                    continue
                stop = min(stop, start + timedelta(hours=job.work * 0.5))
            if self.rng.random() < 0.7:
                hours = Decimal(str((stop - start).total_seconds() / 3600)).quantize(Decimal('0.01'))
                logs.append(self._log(job, tech, TimeLogSource.TIMER, start, stop, hours))
            else:
                quarters = round(Decimal(str((stop - start).total_seconds() / 3600)) / QUARTER)
                logs.append(self._log(job, tech, TimeLogSource.MANUAL, start, None, max(QUARTER, quarters * QUARTER)))
        if job.helper:
            hours = max(QUARTER, round(Decimal(str(job.work * self.rng.uniform(0.4, 1))) / QUARTER) * QUARTER)
            logs.append(self._log(job, job.helper, TimeLogSource.MANUAL, job.started, None, hours))
        return [log for log in logs if log['hours'] or log['ended_at'] is None]

    def _log(self, job: Job, tech: Tech, source: TimeLogSource, start: datetime, stop: datetime | None,
             hours: Decimal) -> dict:  # fmt: skip
        rate = Decimal(tech.rate).quantize(Decimal('0.01'))
        running = source is TimeLogSource.TIMER and stop is None
        if source is TimeLogSource.MANUAL:  # a manual entry is its hours from its start, and never in the future
            start = min(start, self.now - timedelta(hours=float(hours)))
            stop = start + timedelta(hours=float(hours))
        return {
            'organization_id': self.org_id, 'work_order_id': job.id, 'user_id': tech.id, 'source': source,
            'started_at': start, 'ended_at': stop, 'hours': hours, 'hourly_rate': rate,
            'cost': Decimal('0.00') if running else money(hours * rate), 'note': '',
            'created_at': start if running else stop,
        }  # fmt: skip

    def issues(self, job: Job) -> list[Issue]:
        if job.started is None or job.status not in (S.COMPLETED, S.IN_PROGRESS, S.ON_HOLD) or not job.assignee:
            return []
        rng = self.rng
        end = job.completed or (job.hold[0] if job.hold else min(self.now, job.started + timedelta(hours=job.work)))
        issues = []
        for family in job.families:
            if job.status is not S.COMPLETED and rng.random() < 0.5:
                continue
            part = self.store.planned(family) if job.template and rng.random() < 0.7 else self.store.pick(rng, family)
            at = job.started + (end - job.started) * rng.uniform(0.1, 0.9)
            issue = Issue(at, part, job.asset.site_id, self.store.quantity(rng, part), job.id, job.assignee.name)
            issues.append(issue)
        self.store.issues.extend(issues)
        return issues


def _description(job: Job) -> str:
    if job.follow_up_of is not None:
        return f'Raised from {format_number(job.follow_up_of.number)}: a check failed there. {job.asset.where}.'
    if job.template:
        spec = data.TEMPLATES[job.template]
        return f'{spec.name} for {job.asset.code}: work through the checklist and record the readings.'
    return f'{job.failure[0]} on {job.asset.code} ({job.asset.where}). Reported by {job.requester}.'
