# CGDD, CIFAR-10, ResNet-34 teacher -> ResNet-18 student: the DDAD CIFAR-10
# protocol (batch 256, 5 student steps per generator step, 500 "epochs" of
# 50 iterations) with a conditional generator, balanced preset labels and
# attention transfer on the four backbone stages.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar10.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar10.py']

num_classes = 10

model = dict(
    type='mmdfkd.CGDD',
    generator=dict(type='ConditionalGenerator', num_classes=num_classes),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # The default CGDD terms and weights (mmdfkd.CGDD).
)

# 256 is no multiple of 10: each class appears 25 or 26 times per batch.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
