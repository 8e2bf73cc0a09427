"""The demo's work as a timeline: recurring PM plans, breakdowns, follow-ups of failed checks, a backlog that slips,
and a realistic day for Tina Technician. Pure Python: ``rows`` turns the jobs into table rows.

Note for the scheduling domain: the recurring PM plans here are a simulation (fixed periods per asset kind, work
generated four weeks ahead, written straight as work orders with no schedule behind them). When maintenance
schedules exist, the demo should create real schedules and let the engine generate their work orders (and their
history), and this simulation of plans should go; breakdowns, follow-ups and Tina's day stay.

Every job gets a full life (created → scheduled → started → maybe on hold → completed) and is then cut at *now*:
what lies in the future has not happened yet, so recent work is still open, and some of it is overdue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.work_orders.demo import data
from app.work_orders.enums import Priority, WorkOrderStatus, WorkType

S = WorkOrderStatus
HISTORY = timedelta(days=730)
LOOKAHEAD = timedelta(days=28)  # PM is generated four weeks ahead
PM_SHARE, BREAKDOWN_SHARE = 0.76, 0.2
TRIAGE_HOURS = {
    Priority.CRITICAL: (0.05, 0.5),
    Priority.HIGH: (0.5, 4),
    Priority.MEDIUM: (2, 24),
    Priority.LOW: (8, 96),
}
REACT_HOURS = {
    Priority.CRITICAL: (0.1, 0.8),
    Priority.HIGH: (0.5, 8),
    Priority.MEDIUM: (4, 48),
    Priority.LOW: (24, 168),
}
SLA_HOURS = {Priority.CRITICAL: 4, Priority.HIGH: 24, Priority.MEDIUM: 72, Priority.LOW: 168}
CRITICALITY_WEIGHT = {'critical': 4, 'high': 3, 'medium': 2, 'low': 1}
PM_DAY_OFFSETS = ((-2, -1, 0, 1, 2, 4, 9), (4, 14, 50, 14, 8, 6, 4))
SLIP_WINDOW = timedelta(days=45)
PM_MIX = {WorkType.PREVENTIVE: 0.58, WorkType.INSPECTION: 0.2, WorkType.LUBRICATION: 0.09, WorkType.CALIBRATION: 0.04,
          WorkType.CLEANING: 0.04, WorkType.PREDICTIVE: 0.05}  # fmt: skip


@dataclass(slots=True)
class DemoAsset:
    id: int
    code: str
    name: str
    site_index: int
    site_id: int
    kind: str
    criticality: str
    where: str
    tz: ZoneInfo


@dataclass(slots=True)
class Tech:
    id: int
    name: str
    site_index: int
    trade: str
    rate: int


@dataclass(slots=True, eq=False)
class Job:
    asset: DemoAsset
    template: str | None
    work_type: WorkType
    priority: Priority
    title: str
    team: str
    hours: float
    created: datetime
    due: datetime
    requested: bool = False
    requester: str = 'PM scheduler'
    requester_id: int | None = None
    failure: tuple[str, str, str] = ('', '', '')
    families: tuple[str, ...] = ()
    status: WorkOrderStatus = S.SCHEDULED
    scheduled: datetime | None = None
    started: datetime | None = None
    completed: datetime | None = None
    cancelled: datetime | None = None
    note: str = ''  # why it was held or cancelled
    hold: tuple[datetime, datetime | None] | None = None
    work: float = 0.0
    assignee: Tech | None = None
    helper: Tech | None = None
    failed_step: bool = False
    follow_up_of: Job | None = None
    follow_up: Job | None = None
    keep_open: bool = False
    steps_done: int | None = None  # None: as the status implies
    id: int = 0
    number: int = 0

    @property
    def steps(self) -> list[tuple]:
        return data.STEPS[data.TEMPLATES[self.template].steps if self.template else 'corrective']


class Planner:
    def __init__(self, rng: random.Random, now: datetime, assets: list[DemoAsset], techs: list[Tech], tina: Tech):
        self.rng, self.now, self.assets, self.techs, self.tina = rng, now, assets, techs, tina
        self.since = now - HISTORY

    def plan(self, target: int, repairs: list[tuple[DemoAsset, datetime, str]]) -> list[Job]:
        jobs = self._recurring(round(target * PM_SHARE)) + self._breakdowns(round(target * BREAKDOWN_SHARE))
        jobs += [self._repair(asset, at, note) for asset, at, note in repairs]
        for job in jobs:
            self.live(job)
        self._assign(jobs)
        follow_ups = [self._follow_up(job) for job in jobs if job.failed_step]
        for job in follow_ups:
            self.live(job)
        self._assign(follow_ups)
        jobs += follow_ups
        jobs.sort(key=lambda j: j.created)
        return jobs

    # --- what work exists -----------------------------------------------------------------------------------

    def _recurring(self, budget: int) -> list[Job]:
        """Each machine's plans, thinned (or tightened) per work type so that the mix matches ``PM_MIX``."""
        machines = [a for a in self.assets if a.kind in data.PLANS]
        days = (HISTORY + LOOKAHEAD).days
        natural: dict[WorkType, float] = {}
        for asset in machines:
            for plan in data.PLANS[asset.kind]:
                natural[plan.work_type] = natural.get(plan.work_type, 0) + days / plan.every_days
        keep, stretch = {}, {}
        for work_type, count in natural.items():
            # Fewer plans and longer intervals share the thinning (fewer plans alone would make the mix lumpy).
            ratio = PM_MIX[work_type] * budget / count
            keep[work_type] = min(1.0, max(ratio, 0.4))
            stretch[work_type] = keep[work_type] / ratio
        jobs = []
        for asset in machines:
            for plan in data.PLANS[asset.kind]:
                if self.rng.random() >= keep[plan.work_type]:
                    continue
                every = timedelta(days=plan.every_days * stretch[plan.work_type])
                due = self.since + every * self.rng.random()
                while due < self.now + LOOKAHEAD:
                    job = self.pm(asset, plan.template, _local(due, asset.tz, 15))
                    if job.created <= self.now:
                        jobs.append(job)
                    due += every
        return jobs

    def pm(self, asset: DemoAsset, template: str, due: datetime) -> Job:
        spec = data.TEMPLATES[template]
        created = due - timedelta(days=self.rng.randint(14, 28), hours=13)
        title = spec.title.format(asset=asset.name)
        return Job(asset, template, spec.work_type, spec.priority, title, spec.team, spec.hours, created, due,
                   families=spec.parts)  # fmt: skip

    def _breakdowns(self, count: int) -> list[Job]:
        candidates = [a for a in self.assets if a.kind in data.FAILURES]
        weights = [CRITICALITY_WEIGHT[a.criticality] * (1 if a.kind in data.PLANS else 0.3) for a in candidates]
        jobs = []
        for asset in self.rng.choices(candidates, weights, k=count):
            created = self.since + (self.now - self.since) * self.rng.random()
            jobs.append(self.breakdown(asset, created, emergency=self.rng.random() < 0.12))
        return jobs

    def breakdown(
        self, asset: DemoAsset, created: datetime, *, emergency: bool = False, problem: str = '', title: str = ''
    ) -> Job:
        rng = self.rng
        found, causes, remedies, families = rng.choice(data.FAILURES[asset.kind])
        priority = Priority.CRITICAL if emergency else rng.choices(list(Priority), (8, 35, 45, 12))[0]
        problem = problem or found
        team = 'Electrical' if {'fuse', 'contactor', 'sensor'} & set(families) else 'Mechanical'
        job = Job(asset, None, WorkType.EMERGENCY if emergency else WorkType.CORRECTIVE, priority,
                  f'{title or problem} — {asset.name}', 'HVAC' if asset.kind in ('CHL', 'AHU') else team,
                  rng.choice((1.0, 1.5, 2.0, 3.0, 4.0, 6.0)), created, created + timedelta(hours=SLA_HOURS[priority]),
                  requested=True, requester=rng.choice(data.REQUESTERS), families=families,
                  failure=(found, rng.choice(causes), rng.choice(remedies)))  # fmt: skip
        return job

    def _repair(self, asset: DemoAsset, at: datetime, note: str) -> Job:
        """The open work behind an asset the asset demo put in repair."""
        job = self.breakdown(asset, at, emergency=self.rng.random() < 0.3, problem=note[:1].upper() + note[1:])
        job.keep_open = True
        return job

    def _follow_up(self, parent: Job) -> Job:
        step = next(s for s in parent.steps if s[1] in ('number', 'pass_fail'))
        created = min(self.now, parent.completed + timedelta(hours=self.rng.uniform(0.2, 3)))
        job = self.breakdown(parent.asset, created, title=f'Follow-up: {step[0][:1].lower()}{step[0][1:]}')
        job.requester, job.requester_id, job.follow_up_of = parent.assignee.name, parent.assignee.id, parent
        parent.follow_up = job
        return job

    # --- how it went -----------------------------------------------------------------------------------------

    def live(self, job: Job) -> None:
        """The job's whole life as if nothing were in the way, then cut at now (or left to slip)."""
        rng, priority = self.rng, job.priority
        if job.requested:
            job.scheduled = job.created + timedelta(hours=rng.uniform(*TRIAGE_HOURS[priority]))
            start = job.scheduled + timedelta(hours=rng.uniform(*REACT_HOURS[priority]))
            if priority is not Priority.CRITICAL:
                start = _working(start, job.asset.tz, rng)
        else:
            job.scheduled = job.created
            offset = rng.choices(*PM_DAY_OFFSETS)[0]
            start = _working(job.due.replace(hour=0) + timedelta(days=offset), job.asset.tz, rng)
        job.started = max(start, job.scheduled + timedelta(minutes=10))
        job.work = max(0.25, round(job.hours * rng.lognormvariate(0, 0.3) * 4) / 4)
        job.completed = job.started + timedelta(hours=job.work)
        if rng.random() < (0.12 if job.requested else 0.04):
            held = job.started + timedelta(hours=job.work * rng.uniform(0.3, 0.6))
            length = timedelta(hours=rng.uniform(2, 96))
            job.hold, job.note, job.completed = (
                (held, held + length),
                rng.choice(data.HOLD_REASONS),
                job.completed + length,
            )
        if not job.keep_open and rng.random() < 0.03:
            job.cancelled = job.scheduled + timedelta(hours=rng.uniform(1, 48))
            job.started = job.completed = job.hold = None
            job.note = rng.choice(data.CANCEL_REASONS)
        self._cut(job)

    def _cut(self, job: Job) -> None:
        now, rng = self.now, self.rng
        slip = {Priority.CRITICAL: 0.0, Priority.HIGH: 0.08}.get(job.priority, 0.18 if job.template else 0.22)
        if job.cancelled:
            if job.cancelled <= now:
                job.status = S.CANCELLED
                return
            job.cancelled, job.note = None, ''
        elif job.keep_open or (now - SLIP_WINDOW <= job.due < now and rng.random() < slip):
            self._slip(job)
            return
        if job.completed and job.completed <= now:
            job.status = S.COMPLETED
            job.failed_step = job.template is not None and rng.random() < 0.05
            return
        job.completed = None
        if job.started and job.started <= now:
            on_hold = job.hold is not None and job.hold[0] <= now < job.hold[1]
            job.status, job.hold = (S.ON_HOLD, (job.hold[0], None)) if on_hold else (S.IN_PROGRESS, job.hold)
            if job.hold and job.hold[0] > now:
                job.hold, job.note = None, ''
            return
        job.started, job.hold, job.note = None, None, ''
        job.status = S.SCHEDULED if job.scheduled <= now else S.REQUESTED
        if job.status is S.REQUESTED:
            job.scheduled = None

    def _slip(self, job: Job) -> None:
        """Work that did not get done: still waiting to be dispatched, scheduled but not started, or held."""
        rng, now = self.rng, self.now
        state = rng.choices((S.SCHEDULED, S.ON_HOLD, S.IN_PROGRESS, S.REQUESTED), (45, 20, 15, 20 * job.requested))[0]
        job.completed, job.failed_step, job.hold, job.note = None, False, None, ''
        if state in (S.ON_HOLD, S.IN_PROGRESS) and job.started < now:
            job.status = state
            if state is S.ON_HOLD:
                job.hold = (min(now, job.started + timedelta(hours=job.work * 0.4)), None)
                job.note = rng.choice(data.HOLD_REASONS)
            return
        job.started = None
        job.status = S.SCHEDULED
        if state is S.REQUESTED or job.scheduled > now:
            job.status, job.scheduled = S.REQUESTED, None

    def _assign(self, jobs: list[Job]) -> None:
        by_site: dict[int, list[Tech]] = {}
        for tech in self.techs:
            by_site.setdefault(tech.site_index, []).append(tech)
        for job in jobs:
            crew = by_site[job.asset.site_index]
            if job.status is S.REQUESTED and self.rng.random() < 0.7:
                continue  # not dispatched yet
            trade = [t for t in crew if t.trade == job.team]
            pool = trade if trade and self.rng.random() < 0.65 else crew
            if job.status not in (S.COMPLETED, S.CANCELLED):  # Tina's open work is her own, curated list
                pool = [t for t in pool if t is not self.tina] or [t for t in crew if t is not self.tina]
            job.assignee = self.rng.choice(pool)
            if job.requested and job.status is S.COMPLETED and self.rng.random() < 0.2 and len(crew) > 1:
                job.helper = self.rng.choice([t for t in crew if t is not job.assignee])


def _local(moment: datetime, tz: ZoneInfo, hour: int) -> datetime:
    """``hour`` o'clock local time on the local day of ``moment``."""
    return datetime.combine(moment.astimezone(tz).date(), time(hour), tz).astimezone(moment.tzinfo)


def _working(moment: datetime, tz: ZoneInfo, rng: random.Random) -> datetime:
    """The next moment within the local day shift (07:00–16:00) from ``moment``, a few minutes in."""
    local = moment.astimezone(tz)
    if local.hour >= 16:
        local = local + timedelta(days=1)
    if local.hour >= 16 or local.hour < 7:
        local = datetime.combine(local.date(), time(7), tz) + timedelta(minutes=rng.randint(0, 150))
    return local.astimezone(moment.tzinfo)
