# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFAD on
# the digit mosaic, the two learning rates of its adversarial game, the
# knobs of DFAD's tuning grid (configs/_base_/tuning_grids.py: generator
# lr 1e-3 or 1e-2 x student lr 0.1 or 0.6), so that DFAD's tuning budget
# on the mosaic reaches DDAD's 12 configurations. Point 0 is the shipped
# config (L1 + attention transfer, generator lr 1e-3, student lr 0.6;
# point 0 of dfad-mosaic_student-knobs, whose cell is reused); points 1-3
# are the rest of the grid.
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'dfad-mosaic_student-knobs_grid.py'))['grids']['dfad'][0]
generator_lr = 'optim_wrapper.generator.optimizer.lr'
student_lr = 'optim_wrapper.student.optimizer.lr'
grids = {
    'dfad': [
        shipped,
        {**shipped, generator_lr: 1e-2},
        {**shipped, student_lr: 0.1},
        {**shipped, generator_lr: 1e-2, student_lr: 0.1},
    ],
}
