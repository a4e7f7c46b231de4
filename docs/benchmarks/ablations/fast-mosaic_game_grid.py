# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast-5
# on the digit mosaic, two more knobs, so that its tuning budget comes
# closer to DDAD's and DFAD's 12 configurations. Point 0 is the shipped
# config (point 1 of fast-mosaic_inner-steps, whose cell is reused);
# point 1 plays the adversarial term at DFAD's weight 1 instead of
# DDAD's 0.3; point 2 keeps the latest 100 rounds in the memory (3200
# canvases) instead of 50.
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'fast-mosaic_inner-steps_grid.py'))['grids']['fast'][1]
grids = {
    'fast': [
        shipped,
        {**shipped, 'model.generator_losses.loss_adv.weight': 1.0},
        {**shipped, 'model.schedule.memory_size': 3200},
    ],
}
