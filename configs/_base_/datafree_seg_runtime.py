# The data-free runtime for segmentation: the same training set-up as
# datafree_runtime.py, in the mmseg scope, so segmentors, transforms and
# IoUMetric resolve by their plain names and SegDataSamples are visualised
# by mmseg's own visualizer.
_base_ = ['./datafree_runtime.py']

default_scope = 'mmseg'
default_hooks = dict(
    visualization=dict(_delete_=True, type='SegVisualizationHook'))
visualizer = dict(
    _delete_=True,
    type='SegLocalVisualizer',
    vis_backends=[dict(type='LocalVisBackend')],
    name='visualizer')
