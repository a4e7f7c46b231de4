from .eval_timeline_hook import EvalTimelineHook
from .generated_samples_hook import GeneratedSamplesHook

__all__ = ['EvalTimelineHook', 'GeneratedSamplesHook']
