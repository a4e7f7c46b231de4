from .eval_timeline_hook import EvalTimelineHook
from .generated_samples_hook import GeneratedSamplesHook
from .random_state_hook import RandomStateHook

__all__ = ['EvalTimelineHook', 'GeneratedSamplesHook', 'RandomStateHook']
