# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: ZSKT on
# the digit mosaic, dev seed 0, with a BN-statistics term added to its
# generator's objective: DDAD's (the teacher's first BN layer left out,
# weight 0.05, point 1) or DFQ's (all 17 layers, weight 1, point 2). Not
# a tuning of ZSKT, whose generator has no data prior: it asks whether
# the BN prior, DDAD's realism discriminator, starts ZSKT's KL game,
# which vanishes on its own. Point 0 is the shipped config (point 0 of
# zskt-mosaic, whose cell is reused).
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__), 'zskt-mosaic_grid.py'))['grids']['zskt'][0]
grids = {
    'zskt': [
        shipped,
        {**shipped, 'model.generator_losses': dict(loss_bn=dict(
            type='BNStatisticsLoss', weight=0.05, first_bn_multiplier=0.0))},
        {**shipped, 'model.generator_losses': dict(loss_bn=dict(
            type='BNStatisticsLoss', weight=1.0))},
    ],
}
