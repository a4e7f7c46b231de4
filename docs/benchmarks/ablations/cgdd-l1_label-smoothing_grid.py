# Ablation of `tools/benchmark.py --tune --ablation`: the label smoothing
# of CGDD-L1's class term (0 ships). Smoothing stops the teacher's
# cross-entropy pulling once the preset class holds 1 - eps + eps / C of
# the teacher's probability: does the generator then keep drawing the
# asked-for class without the prototypes that teach the student less?
# The last two variants add a stronger class term (30 against 10), which
# without smoothing costs the student about 10 points (configs/cgdd).
smoothing = 'model.generator_losses.loss_cls.label_smoothing'
class_weight = 'model.generator_losses.loss_cls.weight'
grids = {
    'cgdd-l1': [
        {smoothing: 0.0},
        {smoothing: 0.1},
        {smoothing: 0.3},
        {class_weight: 30.0, smoothing: 0.1},
        {class_weight: 30.0, smoothing: 0.3},
    ],
}
