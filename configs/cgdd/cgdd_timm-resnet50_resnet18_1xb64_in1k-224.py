# CGDD, ImageNet-1k, timm's ResNet-50 teacher -> ResNet-18 student: the
# mmpretrain-teacher config with the teacher of
# ../teachers/timm-resnet50_in1k.py, whose stages sit under
# backbone.timm_model. Convert the timm checkpoint first (see that file).
_base_ = ['./cgdd_resnet50_resnet18_1xb64_in1k-224.py']

model = dict(
    teacher='{{ fileDirname }}/../teachers/timm-resnet50_in1k.py',
    teacher_ckpt='checkpoints/timm-resnet50_in1k.pth',
    feature_pairs=[(f'backbone.timm_model.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)])
