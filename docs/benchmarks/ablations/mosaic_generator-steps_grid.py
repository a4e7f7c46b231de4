# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD and
# its BN-free ablation DFAD on the digit mosaic with more generator updates
# per iteration. On the test split DDAD's mIoU is still rising at iteration
# 900, and on digits CGDD's generator was under-trained at one update per
# iteration (ablation cgdd-l1_generator-steps). The student keeps its 4500
# updates; the generator takes 1 (shipped) or 4 steps per iteration, each
# on fresh latent codes. DFAD gets the same two points, so that the
# comparison stays fair.
# The whole schedule is the key: `generator_steps` is not written in the
# configs, whose value (`student_steps=5`) is point 0.
grids = {
    method: [
        {'model.schedule': dict(student_steps=5)},
        {'model.schedule': dict(student_steps=5, generator_steps=4)},
    ]
    for method in ('ddad', 'dfad')
}
