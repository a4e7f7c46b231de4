from .generated_samples_hook import GeneratedSamplesHook

__all__ = ['GeneratedSamplesHook']
