# Ablation of `tools/benchmark.py --tune --ablation --grids` (with
# --eval-interval 5, dev seeds 0 1 2): Fast-1 on digits, for its time to
# accuracy on the dev split: the config (10 student updates a round), 5
# updates a round (half the student's work, 750 updates), and the config
# with its student averaged over rounds (mmengine's EMAHook, momentum 0.1
# a round), which validates and saves the averaged weights.
_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=50),
    dict(type='mmdfkd.DivergenceGuardHook')
]
grids = {
    'fast-1': [
        {'model.schedule.student_steps': 10},
        {'model.schedule.student_steps': 5},
        {'custom_hooks': _hooks + [dict(type='EMAHook', momentum=0.1)]},
    ]
}
