# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFAD on
# the digit mosaic, its student's objective over 3 dev seeds: the point
# that the seed-0 screen dfad-mosaic_ddad-knobs chose (its point 3: the
# student's L1 plus attention transfer x250 on the three backbone stages,
# as DDAD's mosaic config has) against the shipped one (its point 0, L1
# alone), taken from the screen's grid so that the two cannot drift. The
# seed-0 cells are those of the screen.
import os.path as osp
import runpy

_screen = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'dfad-mosaic_ddad-knobs_grid.py'))['grids']['dfad']
grids = {'dfad': [_screen[0], _screen[3]]}
