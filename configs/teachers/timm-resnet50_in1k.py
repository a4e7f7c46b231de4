# ImageNet-1k teacher from timm: timm's ResNet-50 inside an mmpretrain
# classifier (TIMMBackbone without timm's pooling and classifier, then
# global average pooling and a linear head: the same computation as timm's
# model). Evaluated with mmpretrain's ImageNet pipeline (data/imagenet).
#
# A timm checkpoint (state dict saved from `timm.create_model('resnet50',
# pretrained=True)`, or its pytorch_model.bin / model.safetensors) is
# converted once to this layout, then used as the teacher:
#   python tools/model_converters/timm_to_mmpretrain.py \
#       resnet50_timm.safetensors checkpoints/timm-resnet50_in1k.pth
#   python tools/train.py \
#       configs/ddad/ddad_resnet50_resnet18_1xb64_in1k-224.py \
#       --cfg-options model.teacher=configs/teachers/timm-resnet50_in1k.py \
#       model.teacher_ckpt=checkpoints/timm-resnet50_in1k.pth
# Another timm model with a pooled linear classifier works the same way:
# change `model_name`, the head's `in_channels` and, for the converter,
# `--classifier` (timm's `pretrained_cfg['classifier']`).
_base_ = [
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    'mmpretrain::_base_/schedules/imagenet_bs256.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(
    type='ImageClassifier',
    backbone=dict(type='TIMMBackbone', model_name='resnet50',
                  pretrained=False),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 5)))
