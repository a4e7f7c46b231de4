# Tuning grids of `tools/benchmark.py --tune`: method -> {config key: values}.
# A method's points are every combination of its values (the first key
# varying slowest), each applied like `--cfg-options key=value`. The rule:
# every method of a task gets the same number of points, over its own
# paper's knobs, and the shipped setting of each of its configs is a point
# (the tool checks both). Each knob pairs the shipped value with one a
# factor away; where the digits and mosaic configs differ, both are there,
# or a '<task>/<method>' grid replaces the method's on that task.
grids = dict(
    ddad={
        # BN-statistics weight (digits ships 1) x generator lr.
        'model.generator_losses.loss_bn.weight': [0.1, 1.0],
        'optim_wrapper.generator.optimizer.lr': [1e-3, 1e-2],
    },
    # On the mosaic, DDAD ships BN weight 0.05 with the teacher's first BN
    # layer out of the term (docs/benchmarks/ablations/ddad-mosaic_*): the
    # same knobs around that setting; the BN weight's other point is the
    # lighter one, since 0.1 and 0.2 lost to 0.05 on the dev split.
    **{
        'mosaic/ddad': {
            'model.generator_losses.loss_bn.weight': [0.05, 0.02],
            'optim_wrapper.generator.optimizer.lr': [1e-3, 1e-2],
        }
    },
    dfad={
        # The two learning rates of the adversarial game (DFAD: 1e-3, 0.1;
        # the mosaic ships a student lr of 0.6).
        'optim_wrapper.generator.optimizer.lr': [1e-3, 1e-2],
        'optim_wrapper.student.optimizer.lr': [0.1, 0.6],
    },
    # CGDD's two student objectives share the generator's knobs.
    cgdd={
        # The class term that conditions the generator x BN statistics.
        'model.generator_losses.loss_cls.weight': [1.0, 10.0],
        'model.generator_losses.loss_bn.weight': [0.1, 1.0],
    },
    **{
        'cgdd-l1': {
            'model.generator_losses.loss_cls.weight': [1.0, 10.0],
            'model.generator_losses.loss_bn.weight': [0.1, 1.0],
        }
    },
    dafl={
        # DAFL's one-hot and information-entropy weights.
        'model.generator_losses.loss_onehot.weight': [0.05, 0.5],
        'model.generator_losses.loss_ie.weight': [5.0, 20.0],
    },
    zskt={
        # ZSKT's attention-transfer weight (250) x student lr (Adam, 2e-3).
        'model.student_losses.loss_at.weight': [25.0, 250.0],
        'optim_wrapper.student.optimizer.lr': [5e-4, 2e-3],
    },
    dfq={
        # DFQ's BN-statistics weight x its class-balance weight.
        'model.generator_losses.loss_bn.weight': [0.1, 1.0],
        'model.generator_losses.loss_balance.weight': [2.0, 20.0],
    },
    cmi={
        # CMI's contrastive weight x its BN-statistics weight.
        'model.generator_losses.loss_cr.weight': [0.2, 0.8],
        'model.generator_losses.loss_bn.weight': [0.1, 1.0],
    },
    fast={
        # Fast's BN-statistics weight x its inner steps per batch (Fast-2
        # and Fast-5).
        'model.generator_losses.loss_bn.weight': [1.0, 10.0],
        'model.schedule.synthesis_steps': [2, 5],
    },
    # On the mosaic, Fast takes DDAD's former mosaic terms: the BN weight
    # of DDAD's digits grid x Fast-2 and Fast-5 (Fast-1 and Fast-2 were
    # the grid of docs/benchmarks/ablations/fast-1-mosaic;
    # fast-mosaic_inner-steps moved it to 2 and 5, as Fast's digits grid).
    **{
        'mosaic/fast': {
            'model.generator_losses.loss_bn.weight': [0.1, 1.0],
            'model.schedule.synthesis_steps': [2, 5],
        }
    },
    # Fast-1 (one inner step, fp32 or bf16): the BN weight x the meta
    # generator's learning rate (inner lr x inner steps, or 5x that).
    **{
        method: {
            'model.generator_losses.loss_bn.weight': [1.0, 10.0],
            'optim_wrapper.generator.optimizer.lr': [3e-3, 1.5e-2],
        }
        for method in ('fast-1', 'fast-1-bf16')
    },
    deepinversion={
        # BN-statistics weight x the pixels' learning rate.
        'model.generator_losses.loss_bn.weight': [0.1, 1.0],
        'optim_wrapper.generator.optimizer.lr': [0.05, 0.25],
    },
)
