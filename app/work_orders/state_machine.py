"""The work-order lifecycle as pure code: which moves exist, and which roles may make them.

    requested → scheduled → in_progress ⇄ on_hold
                              in_progress → completed → in_progress (reopen, supervisors)
    scheduled → requested (unschedule);  any open state → cancelled

Completing from on_hold is not a move: work is resumed first, so the time log and the checklist are
looked at once more. Every service and page asks this module; nothing else knows the rules.
"""

from __future__ import annotations

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus as S

TRANSITIONS: dict[S, frozenset[S]] = {
    S.REQUESTED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.IN_PROGRESS, S.REQUESTED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.ON_HOLD, S.COMPLETED, S.CANCELLED}),
    S.ON_HOLD: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.COMPLETED: frozenset({S.IN_PROGRESS}),
    S.CANCELLED: frozenset(),
}

_PLANNERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
_DOERS = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.TECHNICIAN})

# Who may make a move, by (from, to); moves not listed here are open to the doers.
_MOVE_ROLES: dict[tuple[S, S], frozenset[Role]] = {
    (S.REQUESTED, S.SCHEDULED): _PLANNERS,
    (S.SCHEDULED, S.REQUESTED): _PLANNERS,
    (S.COMPLETED, S.IN_PROGRESS): _PLANNERS,
    **{(state, S.CANCELLED): _PLANNERS for state in (S.REQUESTED, S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD)},
}


def is_move(current: S, target: S) -> bool:
    return target in TRANSITIONS[current]


def transition_problem(current: S, target: S, role: Role) -> str | None:
    """Why ``role`` may not move a work order from ``current`` to ``target``, or None when it may."""
    if current == target:
        return f'the work order is already {label(target)}'
    if not is_move(current, target):
        allowed = ', '.join(label(s) for s in sorted(TRANSITIONS[current])) or 'nothing (it is final)'
        return f'a {label(current)} work order cannot become {label(target)}; it can become {allowed}'
    if role not in _MOVE_ROLES.get((current, target), _DOERS):
        return f'the {role.value} role may not move a work order from {label(current)} to {label(target)}'
    return None


def allowed_targets(current: S, role: Role) -> list[S]:
    """The moves ``role`` may make from ``current``, in lifecycle order (for status buttons)."""
    order = list(S)
    return sorted((t for t in TRANSITIONS[current] if transition_problem(current, t, role) is None), key=order.index)


def label(status: S) -> str:
    return status.value.replace('_', ' ')
