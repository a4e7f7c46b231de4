# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: the
# check over more dev seeds of ddad-mosaic_bn-weight's pick, BN weight
# 0.05 with the first layer out, against the shipped 0.1 (point 0; its
# cells are point 1's of ddad-mosaic_first-bn).
import os.path as osp
import runpy

shipped, _, lighter = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'ddad-mosaic_bn-weight_grid.py'))['grids']['ddad']
grids = {'ddad': [shipped, lighter]}
