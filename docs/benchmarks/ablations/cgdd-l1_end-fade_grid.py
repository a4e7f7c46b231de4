# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: CGDD-L1
# on digits with a class-only ending. The generator's adversarial term (and
# in point 2 its BN term too) fades out (half cosine,
# `LossWeightScheduleHook`), so that the generator's last iterations answer
# the class term alone while the student's learning rate decays: does the
# final generator then draw the asked-for class (the 99% class-fidelity
# target) without costing the student what a class term that is strong
# throughout costs? Point 1 fades over iterations 225-270, where the
# generator's cosine learning rate is already below 1.5e-3 of its 1e-2;
# points 2 and 3 over 150-210, from half the learning rate.
_kept = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=100),
    dict(type='mmdfkd.DivergenceGuardHook'),
]


def _fade(term: str, begin: int, end: int) -> dict:
    return dict(type='mmdfkd.LossWeightScheduleHook', objective='generator',
                term=term, end_factor=0.0, begin=begin, end=end)


grids = {
    'cgdd-l1': [
        {'custom_hooks': _kept},
        {'custom_hooks': _kept + [_fade('loss_adv', 225, 270)]},
        {'custom_hooks': _kept + [_fade('loss_adv', 150, 210),
                                  _fade('loss_bn', 150, 210)]},
        {'custom_hooks': _kept + [_fade('loss_adv', 150, 210)]},
    ],
}
