# DFAD baseline on the digit mosaics: the mosaic set-up (DDAD's generator
# terms and its logit-only student) without the BN-statistics
# discriminator, same budget.
_base_ = [
    '../_base_/digit_mosaic_setup.py'
]
# DFAD's own adversarial weight 1, not DDAD's 0.3, and one generator
# update per iteration: with DDAD's 4 its generator wins the game and the
# student collapses (41.42% dev mIoU against 78.59%, configs/ddad/README.md).
model = dict(
    generator_losses=dict(
        loss_bn=dict(weight=0.0), loss_adv=dict(weight=1.0)),
    schedule=dict(_delete_=True, student_steps=5))
