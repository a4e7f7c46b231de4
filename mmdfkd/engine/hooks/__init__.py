from .divergence_guard_hook import DivergenceError, DivergenceGuardHook
from .eval_timeline_hook import EvalTimelineHook
from .generated_samples_hook import GeneratedSamplesHook
from .loss_weight_schedule_hook import LossWeightScheduleHook
from .random_state_hook import RandomStateHook
from .student_ema_hook import StudentEMAHook

__all__ = [
    'DivergenceError', 'DivergenceGuardHook', 'EvalTimelineHook',
    'GeneratedSamplesHook', 'LossWeightScheduleHook', 'RandomStateHook',
    'StudentEMAHook'
]
