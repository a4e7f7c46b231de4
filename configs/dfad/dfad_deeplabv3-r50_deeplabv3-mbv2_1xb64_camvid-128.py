# DFAD baseline on CamVid: the DDAD config of the same setting without the
# BN-statistics term (see ../ddad/README.md).
_base_ = ['../ddad/ddad_deeplabv3-r50_deeplabv3-mbv2_1xb64_camvid-128.py']

model = dict(generator_losses=dict(loss_bn=dict(weight=0.0)))
