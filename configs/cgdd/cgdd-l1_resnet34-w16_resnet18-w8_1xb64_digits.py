# CGDD on the embedded digits with the student objective chosen on the dev
# split (the train digits, configs/cgdd/README.md): the conditional
# generator and its objective of cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py,
# and a student that matches the teacher's logits with L1 (DDAD's student
# term) instead of KL + preset-label CE, keeping CGDD's attention
# transfer. L1 alone against the paper's student objective, dev accuracy
# over seeds 0/1/2: 98.57 / 98.73 / 99.20% against 97.14 / 95.94 / 97.45%.
# Adding the preset-label CE to L1 cost 10 points (seed 0); the CE on the
# samples the teacher agrees with only cost 0 / 5.3 / 9.4 points (seeds
# 0 / 1 / 2).
_base_ = ['./cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py']

model = dict(
    # CGDD's KL and preset-label CE off (a term of weight 0 is not built),
    # L1 on the logits in their place. CGDD's attention transfer (x250, on
    # the base config's three backbone stages) stays: dev split, seeds
    # 0 / 1 / 2 (docs/benchmarks/ablations/cgdd-l1_attention-transfer):
    # 99.28 / 99.68 / 99.68% dev accuracy and 99.6 / 99.8 / 99.4% class
    # fidelity, against 99.36 / 99.52 / 99.20% and 99.2 / 99.2 / 99.8%
    # with L1 alone.
    student_losses=dict(
        loss_kd=dict(weight=0.0),
        loss_ce=dict(weight=0.0),
        loss_l1=dict(type='L1Discrepancy', weight=1.0)),
    # Four generator updates per iteration, each on fresh codes and preset
    # labels; the student keeps its 5 (1500 in all). Dev split, seed 0
    # (docs/benchmarks/ablations/cgdd-l1_generator-steps): class fidelity
    # 99.2% against 94.2% with one update, dev accuracy 99.36% against
    # 99.12%, at 2.1 s an iteration against 1.0.
    schedule=dict(student_steps=5, generator_steps=4))
