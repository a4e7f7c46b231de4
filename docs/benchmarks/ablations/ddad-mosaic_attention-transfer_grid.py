# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic, its student's objective. Point 0 is the shipped config
# (L1 between the logit maps, DFAD's; its cells are those of
# mosaic_generator-steps, -seed1 and -seed2); point 1 adds attention
# transfer on the three backbone stages at ZSKT's and CGDD's weight 250,
# so that each canvas teaches the student the teacher's feature maps as
# well as its logits. The generator's objective is unchanged.
schedule = dict(student_steps=5, generator_steps=4)
grids = {
    'ddad': [
        {'model.schedule': schedule},
        {'model.schedule': schedule,
         'model.feature_pairs': [(f'backbone.layer{i}', f'backbone.layer{i}')
                                 for i in range(1, 4)],
         'model.student_losses': dict(loss_at=dict(
             type='AttentionTransferLoss', p=2.0, weight=250.0))},
    ],
}
