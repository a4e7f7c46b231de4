# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFAD on
# the digit mosaic, its student's objective over 3 dev seeds, the point
# that the seed-0 screen dfad-mosaic_ddad-knobs chose against the shipped
# one. Point 0 is the shipped config (L1 between the logit maps); point 1
# adds attention transfer x250 on the three backbone stages, as DDAD's
# mosaic config does. The seed-0 cells are those of the screen.
schedule = dict(student_steps=5)
grids = {
    'dfad': [
        {'model.schedule': schedule},
        {'model.schedule': schedule,
         'model.feature_pairs': [(f'backbone.layer{i}', f'backbone.layer{i}')
                                 for i in range(1, 4)],
         'model.student_losses': dict(loss_at=dict(
             type='AttentionTransferLoss', p=2.0, weight=250.0))},
    ],
}
