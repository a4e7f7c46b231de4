# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: CGDD-L1
# on digits with more generator updates per iteration. At iteration 300
# the teacher's cross-entropy on the preset labels is still falling, and
# holding the generator's learning rate raised its class fidelity (94.2 to
# 96.4%) at a cost to the student (ablation cgdd-l1_generator-lr). Here the
# learning rate keeps its cosine schedule and the student its 1500
# updates; the generator takes 1 (shipped), 2 or 4 steps per iteration,
# each on fresh latent codes and preset labels.
# The whole schedule is the key: `generator_steps` is not written in the
# config, whose value (`student_steps=5`) is point 0.
grids = {
    'cgdd-l1': [
        {'model.schedule': dict(student_steps=5)},
        {'model.schedule': dict(student_steps=5, generator_steps=2)},
        {'model.schedule': dict(student_steps=5, generator_steps=4)},
    ],
}
