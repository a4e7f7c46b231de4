# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: CGDD-L1
# on digits with a class-only ending. The generator's adversarial term (and,
# in the second variant, its BN term too) fades out over iterations 225-270
# (half cosine, `LossWeightScheduleHook`), so that its last 30 iterations
# answer the class term alone, while the student's learning rate is near
# the end of its cosine decay. Does the final generator then draw the
# asked-for class (the 99% class-fidelity target) without costing the
# student what a class term that is strong throughout costs?
_kept = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=100),
    dict(type='mmdfkd.DivergenceGuardHook'),
]


def _fade(term: str) -> dict:
    return dict(type='mmdfkd.LossWeightScheduleHook', objective='generator',
                term=term, end_factor=0.0, begin=225, end=270)


grids = {
    'cgdd-l1': [
        {'custom_hooks': _kept},
        {'custom_hooks': _kept + [_fade('loss_adv')]},
        {'custom_hooks': _kept + [_fade('loss_adv'), _fade('loss_bn')]},
    ],
}
