# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic, the scale of its BN term. The absolute term
# (DeepInversion's) sums each teacher layer's gap in its own units, so the
# first layer, whose inputs are the canvases' background colours and
# textures, holds about 40% of the term on real canvases and the deep
# layers, that carry the digits, little. `standardize=True` measures every
# layer relative to its running statistics, so that each counts alike.
# Point 0 is the shipped config (point 1 of ddad-mosaic_attention-transfer,
# whose overrides are now the config's own values, so that its cell is
# reused); point 1 standardises the term at the weight that keeps its
# size on the teacher at initialisation and on real canvases (the
# standardised term is about 4 times the absolute one on both: 19.6
# against 4.9 on the untrained generator's canvases, 0.99 against 0.26
# on real ones), point 2 at 4 times that weight (the shipped weight).
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'ddad-mosaic_attention-transfer_grid.py'))['grids']['ddad'][1]
grids = {
    'ddad': [
        shipped,
        {**shipped, 'model.generator_losses.loss_bn.standardize': True,
         'model.generator_losses.loss_bn.weight': 0.025},
        {**shipped, 'model.generator_losses.loss_bn.standardize': True},
    ],
}
