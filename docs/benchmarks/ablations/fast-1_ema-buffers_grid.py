# Ablation of `tools/benchmark.py --tune --ablation --grids` (with
# --eval-interval 5, dev seeds 0 1 2): Fast-1 on digits with its averaged
# student (EMAHook, momentum 0.1 a round). The shipped average keeps the
# student's current BatchNorm statistics beside averaged weights, and
# validates at chance level for the first 20-30 rounds, while the weights
# move fast; point 1 averages the statistics too (update_buffers).
# Point 0's cells are those of point 2 of fast-1_steps-ema, the same
# resolved config.
_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=50),
    dict(type='mmdfkd.DivergenceGuardHook')
]
grids = {
    'fast-1': [
        {'custom_hooks': _hooks + [dict(type='EMAHook', momentum=0.1)]},
        {'custom_hooks': _hooks + [dict(type='EMAHook', momentum=0.1,
                                        update_buffers=True)]},
    ]
}
