# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFAD on
# the digit mosaic, ten more configurations on dev seed 0, so that DFAD's
# tuning budget on the mosaic reaches DDAD's 22 configurations (DFAD had
# tried 12). Point 0 is the shipped config (point 0 of
# dfad-mosaic_learning-rates, whose cell is reused). The rest turn DFAD's
# own knobs and the generator terms DDAD's config was screened with:
# points 1-2 a slower generator (lr 3e-4, 1e-4; 1e-2 lost), points 3-4
# the student's SGD lr (0.3, 1.0; 0.1 lost), point 5 two generator
# updates per iteration (one shipped, four collapse), points 6-7 the
# batch-diversity term (weight 0.1, 1; ddad-mosaic_diversity), point 8
# the pixel class-balance prior at weight 0.5 (DDAD's screen), points
# 9-10 the attention-transfer weight (1000, 50; shipped 250).
import os.path as osp
import runpy

# The shipped point and the learning rates' keys, as that grid names them.
learning_rates = runpy.run_path(
    osp.join(osp.dirname(__file__), 'dfad-mosaic_learning-rates_grid.py'))
shipped = learning_rates['grids']['dfad'][0]
generator_lr = learning_rates['generator_lr']
student_lr = learning_rates['student_lr']
# New generator terms: set as part of the objective, which merges them in.
terms = 'model.generator_losses'
grids = {
    'dfad': [
        shipped,
        {**shipped, generator_lr: 3e-4},
        {**shipped, generator_lr: 1e-4},
        {**shipped, student_lr: 0.3},
        {**shipped, student_lr: 1.0},
        {**shipped,
         'model.schedule': dict(student_steps=5, generator_steps=2)},
    ] + [{
        **shipped, terms: dict(
            loss_div=dict(type='mmdfkd.BatchDiversityLoss', weight=weight))
    } for weight in (0.1, 1.0)] + [
        {**shipped, terms: dict(
            loss_balance=dict(type='ClassBalanceLoss', weight=0.5))},
    ] + [{
        **shipped, 'model.student_losses': dict(
            shipped['model.student_losses'],
            loss_at=dict(type='AttentionTransferLoss', p=2.0,
                         weight=weight))
    } for weight in (1000.0, 50.0)],
}
