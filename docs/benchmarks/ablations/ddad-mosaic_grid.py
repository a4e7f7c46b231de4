# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic, over its tuning grid's knobs (configs/_base_/
# tuning_grids.py, 'mosaic/ddad': BN weight 0.05 or 0.02 x generator lr
# 1e-3 or 1e-2). The BN weight's other point is the lighter one: the
# heavier side was measured already (0.1 and 0.2 lose to 0.05 on dev seed
# 0, ddad-mosaic_bn-weight). Point 0 is the shipped config, with the
# settings of its cells in ddad-mosaic_bn-weight-seeds (the same resolved
# config), so that its seed-0 cell is reused. The lighter BN weight comes
# first: it is the knob the dev split moved last.
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'ddad-mosaic_bn-weight-seeds_grid.py'))['grids']['ddad'][1]
bn = 'model.generator_losses.loss_bn.weight'
lr = 'optim_wrapper.generator.optimizer.lr'
grids = {
    'ddad': [
        shipped,
        {**shipped, bn: 0.02},
        {**shipped, lr: 1e-2},
        {**shipped, bn: 0.02, lr: 1e-2},
    ],
}
