# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast-5
# on the digit mosaic, twelve more configurations on dev seed 0, so that
# Fast's tuning budget on the mosaic reaches DDAD's and DFAD's 22 (Fast
# had tried 10). Point 0 is the shipped config (point 1 of
# fast-mosaic_inner-steps, whose cell is reused). Points 1-4 take DDAD's
# mosaic settings: its BN term (first layer left out, weight 0.05), its
# student's attention transfer x250 on the backbone stages, and each half
# of its BN term alone; points 5-6 the student's SGD lr (0.3, 1.0; 0.6
# shipped); points 7-10 the inner learning rates of the generator's
# adaptation and of the latent codes (shipped 3e-3 and 1e-2); point 11
# the batch-diversity term at weight 0.1; point 12 a memory of the latest
# 25 rounds (800 canvases) instead of 50.
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'fast-mosaic_inner-steps_grid.py'))['grids']['fast'][1]
bn_weight = 'model.generator_losses.loss_bn.weight'
first_bn = 'model.generator_losses.loss_bn.first_bn_multiplier'
student_lr = 'optim_wrapper.student.optimizer.lr'
# New terms: set as part of an objective, which merges them in.
grids = {
    'fast': [
        shipped,
        {**shipped, bn_weight: 0.05, first_bn: 0.0},
        {**shipped,
         'model.feature_pairs': [(f'backbone.layer{i}', f'backbone.layer{i}')
                                 for i in range(1, 4)],
         'model.student_losses': dict(loss_at=dict(
             type='AttentionTransferLoss', p=2.0, weight=250.0))},
        {**shipped, bn_weight: 0.05},
        {**shipped, first_bn: 0.0},
        {**shipped, student_lr: 0.3},
        {**shipped, student_lr: 1.0},
        {**shipped, 'model.schedule.inner_lr': 1e-3},
        {**shipped, 'model.schedule.inner_lr': 1e-2},
        {**shipped, 'model.schedule.latent_lr': 3e-3},
        {**shipped, 'model.schedule.latent_lr': 3e-2},
        {**shipped, 'model.generator_losses': dict(loss_div=dict(
            type='mmdfkd.BatchDiversityLoss', weight=0.1))},
        {**shipped, 'model.schedule.memory_size': 800},
    ],
}
