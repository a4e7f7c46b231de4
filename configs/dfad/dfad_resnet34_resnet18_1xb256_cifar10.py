# DFAD baseline: DDAD without the BN-statistics discriminator.
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar10.py']
model = dict(generator_losses=dict(loss_bn=dict(weight=0.0)))
