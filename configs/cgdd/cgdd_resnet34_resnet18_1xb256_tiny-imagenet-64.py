# CGDD, Tiny-ImageNet at 64x64, ResNet-34 -> ResNet-18 (CIFAR stems): the
# DDAD Tiny-ImageNet protocol (batch 256, same budget) with a conditional
# generator at 64x64, balanced preset labels and attention transfer on the
# four backbone stages.
#   python tools/train.py configs/teachers/resnet34_1xb128_tiny-imagenet.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_tiny-imagenet-64.py']

num_classes = 200

model = dict(
    type='mmdfkd.CGDD',
    generator=dict(type='ConditionalGenerator', num_classes=num_classes),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # The default CGDD terms and weights (mmdfkd.CGDD).
)

# 256 (the DDAD batch) is no multiple of 200: each class appears once or
# twice per batch.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
