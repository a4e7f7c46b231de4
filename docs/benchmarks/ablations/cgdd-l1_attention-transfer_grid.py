# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: CGDD-L1
# on digits, its student's objective. Point 0 is the shipped config (L1
# between the logits; its seed-0 and seed-1 cells are those of
# cgdd-l1_generator-steps-seeds, point 1); point 1 adds CGDD's own
# feature term, attention transfer x250 on the three backbone stages, so
# that each generated digit teaches the student the teacher's feature
# maps as well as its logits. The paper's preset-label CE stays off (it
# cost the L1 student 10 points, configs/cgdd/README.md); the generator's
# objective is unchanged.
schedule = dict(student_steps=5, generator_steps=4)
grids = {
    'cgdd-l1': [
        {'model.schedule': schedule},
        {'model.schedule': schedule,
         'model.feature_pairs': [(f'backbone.layer{i}', f'backbone.layer{i}')
                                 for i in range(1, 4)],
         'model.student_losses.loss_fm.weight': 250.0},
    ],
}
