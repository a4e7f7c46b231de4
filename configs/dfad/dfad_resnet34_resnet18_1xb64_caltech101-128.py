# DFAD baseline: DDAD without the BN-statistics discriminator.
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb64_caltech101-128.py']
model = dict(lambda_bn=0.0)
