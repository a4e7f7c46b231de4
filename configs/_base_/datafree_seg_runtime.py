# The data-free runtime for segmentation: the same training set-up as
# datafree_runtime.py, in the mmseg scope, so segmentors, transforms and
# IoUMetric resolve by their plain names and SegDataSamples are visualised
# by mmseg's own visualizer.
_base_ = ['./datafree_runtime.py']

default_scope = 'mmseg'
default_hooks = dict(
    visualization=dict(_delete_=True, type='SegVisualizationHook'))
# Unnamed: the Runner names it after the experiment, so a distillation run
# after a teacher run in one process gets its own visualizer and work dir.
visualizer = dict(
    _delete_=True,
    type='SegLocalVisualizer',
    vis_backends=[dict(type='LocalVisBackend')])
