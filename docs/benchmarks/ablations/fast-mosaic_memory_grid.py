# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast-5
# on the digit mosaic, the 3-seed dev check of the point that
# fast-mosaic_game chose on seed 0. Point 0 is the shipped config (its
# cells are point 1's of fast-mosaic_inner-steps); point 1 keeps the
# latest 100 rounds in the memory (3200 canvases) instead of 50 (its
# seed-0 cell is point 2's of fast-mosaic_game).
import os.path as osp
import runpy

points = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'fast-mosaic_game_grid.py'))['grids']['fast']
grids = {'fast': [points[0], points[2]]}
