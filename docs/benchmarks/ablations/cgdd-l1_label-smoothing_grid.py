# Ablation of `tools/benchmark.py --tune --ablation`: the label smoothing
# of CGDD-L1's class term (0 ships). Smoothing stops the teacher's
# cross-entropy pulling once the preset class holds 1 - eps + eps / C of
# the teacher's probability: does the generator then keep drawing the
# asked-for class without the prototypes that teach the student less?
grids = {
    'cgdd-l1': {
        'model.generator_losses.loss_cls.label_smoothing': [0.0, 0.1, 0.3],
    },
}
