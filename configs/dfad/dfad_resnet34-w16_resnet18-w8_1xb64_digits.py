# DFAD baseline on the digits: the DDAD digits config without the
# BN-statistics discriminator, same budget.
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']
model = dict(generator_losses=dict(loss_bn=dict(weight=0.0)))
