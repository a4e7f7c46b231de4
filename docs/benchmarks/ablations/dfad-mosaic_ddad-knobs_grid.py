# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFAD on
# the digit mosaic, screened on dev seed 0 over the knobs that DDAD's
# mosaic config was tuned over, so that the two methods' tuning budgets
# come closer. Point 0 is the shipped config (adversarial weight 1, one
# generator update per iteration, L1 student; its cell is
# mosaic_generator-steps'). Point 1 takes DDAD's adversarial weight 0.3;
# point 2 adds DDAD's 4 generator updates per iteration to it (at weight 1
# they collapse DFAD, mosaic_generator-steps); point 3 adds DDAD's
# attention transfer x250 on the three backbone stages to the student's
# L1, at DFAD's adversarial weight 1.
schedule = dict(student_steps=5)
attention_transfer = {
    'model.feature_pairs': [(f'backbone.layer{i}', f'backbone.layer{i}')
                            for i in range(1, 4)],
    'model.student_losses': dict(loss_at=dict(
        type='AttentionTransferLoss', p=2.0, weight=250.0)),
}
grids = {
    'dfad': [
        {'model.schedule': schedule},
        {'model.schedule': schedule,
         'model.generator_losses.loss_adv.weight': 0.3},
        {'model.schedule': dict(student_steps=5, generator_steps=4),
         'model.generator_losses.loss_adv.weight': 0.3},
        {'model.schedule': schedule, **attention_transfer},
    ],
}
