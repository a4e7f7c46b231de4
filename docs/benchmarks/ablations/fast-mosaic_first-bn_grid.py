# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast-5
# on the digit mosaic over 3 dev seeds, its BN term on all 17 teacher BN
# layers (shipped) against the term without the first layer, whose inputs
# are the canvases' background colours and textures (DDAD's mosaic choice,
# configs/ddad/README.md), at Fast's weight 0.1. The second point led on
# dev seed 0 in fast-mosaic_equal-budget (point 4); this checks the lead
# over seeds. Point 0's cells are fast-mosaic_inner-steps' point 1.
import os.path as osp
import runpy

equal_budget = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'fast-mosaic_equal-budget_grid.py'))['grids']['fast']
grids = {'fast': [equal_budget[0], equal_budget[4]]}
